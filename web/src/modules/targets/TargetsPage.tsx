import { Tabs, Typography } from "antd";
import { useSearchState } from "../../app/use-search-state.ts";
import { CascadeSection } from "./CascadeSection.tsx";
import { SkillStructureSection } from "./SkillStructureSection.tsx";

const KEYS = ["tab", "period", "line", "region", "year"] as const;

/** 目标任务: the cascade of targets at the caller's level, and the province's skill structure (G1–G3). */
export function TargetsPage() {
  const [s, set] = useSearchState(KEYS);
  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        目标任务
      </Typography.Title>
      <Tabs
        activeKey={s.tab === "skills" ? "skills" : "cascade"}
        onChange={(tab) => set({ tab: tab === "skills" ? "skills" : null })}
        items={[
          { key: "cascade", label: "目标分解", children: <CascadeSection state={s} set={set} /> },
          { key: "skills", label: "技能人才结构", children: <SkillStructureSection year={s.year} setYear={(year) => set({ year })} /> },
        ]}
      />
    </div>
  );
}
