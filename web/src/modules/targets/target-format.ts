import { PLAN_CYCLE, type TargetUnit, targetUnitLabels } from "../../../../shared/src/contracts/targets.ts";

/** 230,000 人次; "—" when not set */
export function formatTarget(n: number | null | undefined, unit: TargetUnit): string {
  if (n === null || n === undefined) return "—";
  return `${n.toLocaleString("zh-CN")} ${targetUnitLabels[unit]}`;
}

export function periodLabel(period: string): string {
  return period === PLAN_CYCLE ? "2019—2021 年（三年合计）" : `${period} 年`;
}

/** 25.0% ; "—" without figures */
export function formatShare(x: number | null): string {
  return x === null ? "—" : `${(x * 100).toFixed(1)}%`;
}
