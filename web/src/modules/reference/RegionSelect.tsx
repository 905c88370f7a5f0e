import { TreeSelect } from "antd";
import { useMemo } from "react";
import { type RegionNode, regionTree } from "./region-tree.ts";
import { useReference } from "./reference.api.ts";

interface Props {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  /** region codes the user may pick under, or "all" */
  within: "all" | readonly string[];
  placeholder?: string;
  allowClear?: boolean;
  id?: string;
  status?: "error" | "warning" | "";
}

function firstLevelKeys(tree: RegionNode[]): string[] {
  return tree.length === 1 ? [tree[0]!.value] : [];
}

/** Pick one region (province, city or county) from the GB/T 2260 tree, limited to the user's scope. */
export function RegionSelect({ value, onChange, within, placeholder = "选择行政区划", allowClear = true, id, status }: Props) {
  const ref = useReference();
  const tree = useMemo(() => (ref.data ? regionTree(ref.data.regions, within) : []), [ref.data, within]);
  return (
    <TreeSelect
      id={id}
      status={status}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? undefined)}
      treeData={tree}
      loading={ref.isPending}
      placeholder={placeholder}
      allowClear={allowClear}
      showSearch={{ treeNodeFilterProp: "title" }}
      treeDefaultExpandedKeys={firstLevelKeys(tree)}
      style={{ width: "100%" }}
      popupMatchSelectWidth={false}
      notFoundContent="没有可选的行政区划"
    />
  );
}
