import { useMemo } from "react";
import { catalogueItemStatus, type StatusLabel } from "../../app/status.ts";
import { useReference } from "../reference/reference.api.ts";

export const modeLabels: Record<string, string> = { offline: "线下", online: "线上", blended: "线上线下结合" };
export const itemStatusLabels: Record<string, StatusLabel> = catalogueItemStatus;

/** Names of the reference code lists (training_type, certificate_type, skill_level, industry). */
export function useCodeLabels() {
  const ref = useReference();
  return useMemo(() => {
    const lists = ref.data?.codes ?? {};
    const name = (list: string, code: string | null | undefined) => (code ? (lists[list]?.find((c) => c.code === code)?.name ?? code) : "—");
    const options = (list: string) => (lists[list] ?? []).map((c) => ({ value: c.code, label: c.name }));
    return { name, options };
  }, [ref.data]);
}

/** Province default and the nine cities (each city sets its own subsidy standards). */
export function useCityOptions() {
  const ref = useReference();
  return useMemo(() => (ref.data?.regions ?? []).filter((r) => r.level !== "county").map((r) => ({ value: r.code, label: r.level === "province" ? "全省默认" : r.name })), [ref.data]);
}
