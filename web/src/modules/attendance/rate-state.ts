import type { AttendanceVerdict } from "../../../../shared/src/contracts/attendance.ts";

/** The rate fields every attendance view shares (class summary rows, the trainee's own classes). */
export interface RateFacts {
  heldSessions: number;
  totalSessions: number;
  ratePercentSoFar: number | null;
  canStillReach80: boolean;
  verdict: AttendanceVerdict;
}

export type RateState = "not_started" | "on_track" | "cannot_reach" | "met" | "not_met";

/**
 * Where a trainee stands: before any session ended nothing is known; while the class runs they
 * are on track or can no longer reach 80%; only after the last session is there a verdict.
 */
export function rateState(r: RateFacts): RateState {
  if (r.verdict !== "pending") return r.verdict;
  if (r.heldSessions === 0 || r.ratePercentSoFar === null) return "not_started";
  return r.canStillReach80 ? "on_track" : "cannot_reach";
}

/** One tag per state, the same words and colours on the console and the phone. */
export const rateStateTag: Record<RateState, { text: string; color: string; stroke: string }> = {
  not_started: { text: "待首次课结束", color: "default", stroke: "#bfbfbf" },
  on_track: { text: "进行中·可达标", color: "blue", stroke: "#1f5fad" },
  cannot_reach: { text: "已无法达到 80%", color: "orange", stroke: "#d46b08" },
  met: { text: "达标", color: "green", stroke: "#389e0d" },
  not_met: { text: "未达标", color: "red", stroke: "#cf1322" },
};

/** The sentence under a rate: what it counts, and what it means for the subsidy. */
export function rateSentence(r: RateFacts, threshold: number): string {
  const counted = `按已结束的 ${r.heldSessions}/${r.totalSessions} 个课次计算`;
  switch (rateState(r)) {
    case "not_started":
      return `还没有已结束的课次（共 ${r.totalSessions} 个），第一个课次结束后开始计算；结业后按全部课次判定是否达到 ${threshold}%`;
    case "on_track":
      return `${counted}；参加剩余课次即可达到 ${threshold}%，结业后判定是否符合补贴条件`;
    case "cannot_reach":
      return `${counted}；剩余课次全部出勤也达不到 ${threshold}%，结业后将不符合补贴条件`;
    case "met":
      return `已结业，全部 ${r.totalSessions} 个课次出勤率达到 ${threshold}%，符合补贴条件`;
    case "not_met":
      return `已结业，全部 ${r.totalSessions} 个课次出勤率未达 ${threshold}%，不符合补贴条件`;
  }
}
