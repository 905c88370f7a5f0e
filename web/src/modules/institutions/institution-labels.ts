import type { InstitutionRole } from "../../../../shared/src/contracts/institutions.ts";
import { institutionStatus, skillLevelLabels } from "../../app/status.ts";

/** The shared wording and colour of each institution state (app/status.ts). */
export const statusLabels = institutionStatus;

export const roleLabels: Record<InstitutionRole, string> = { training: "培训机构", evaluation: "评价机构", both: "培训和评价机构" };

export const facilityTypeLabels: Record<string, string> = { classroom: "教室", workshop: "实训车间", training_base: "实训基地", exam_site: "考核场地", other: "其他" };

export const levelLabels: Record<number, string> = skillLevelLabels;

/** The sanction ladder (DOMAIN §2 step 5), worded as the server records it. */
export const sanctionLadder: Record<number, string> = {
  1: "约谈",
  2: "限期整改，6 个月内不得新开班",
  3: "通报批评，1 年内不得新开班",
  4: "解除协议，2 年内不得承担补贴性培训",
};

/**
 * The level a sanction decided `today` reaches: one above the latest one when that was within 365
 * days, else 1; never below what the officer asks for. The server decides; this is a preview.
 */
export function previewSanctionLevel(previous: readonly { level: number; date: string }[], today: string, requested?: number): number {
  const latest = [...previous].sort((a, b) => b.date.localeCompare(a.date))[0];
  const days = latest ? (Date.parse(today) - Date.parse(latest.date)) / 86_400_000 : Number.POSITIVE_INFINITY;
  const level = latest && days <= 365 ? Math.min(4, latest.level + 1) : 1;
  return Math.max(level, requested ?? 1);
}
