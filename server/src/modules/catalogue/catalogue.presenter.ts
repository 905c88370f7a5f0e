import type { ItemView, StandardView } from "../../../../shared/src/contracts/catalogue.ts";
import type { Actor } from "../../platform/auth/actor.ts";
import { itemRules, occupationRules, standardRules } from "./catalogue.policy.ts";
import type { ItemRow, OccupationRow, StandardDbRow, VersionRow } from "./catalogue.repo.ts";
import { inForce, type TrainingMode } from "./standard-lookup.ts";

export function presentOccupation(actor: Actor, o: OccupationRow) {
  return {
    id: o.id,
    edition: o.edition,
    code: o.code,
    name: o.name,
    digital: o.digital,
    green: o.green,
    trades: o.trades,
    note: o.note,
    demo: o.demo,
    status: o.status,
    abilities: { update: occupationRules.may(actor, "update", o, {}) },
  };
}

export function presentVersion(v: VersionRow) {
  return {
    id: v.id,
    effectiveFrom: v.effectiveFrom,
    effectiveTo: v.effectiveTo,
    minHours: v.minHours,
    maxHours: v.maxHours,
    minTheoryPercent: v.minTheoryPercent,
    minPracticePercent: v.minPracticePercent,
    modes: v.modes as TrainingMode[],
    note: v.note,
  };
}

/** 车工 · 数控车工, or the special project's name */
export function itemDisplayName(item: ItemRow, occ: OccupationRow | undefined): string {
  const base = occ ? occ.name : (item.projectName ?? item.code);
  return item.tradeName ? `${base}（${item.tradeName}）` : base;
}

export function presentItem(actor: Actor, item: ItemRow, occ: OccupationRow | undefined, versions: VersionRow[], today: string): ItemView {
  const mine = versions.filter((v) => v.itemId === item.id);
  const can = itemRules.abilities(actor, item, { versionCount: mine.length });
  const current = mine.find((v) => inForce(v, today));
  return {
    id: item.id,
    code: item.code,
    displayName: itemDisplayName(item, occ),
    occupation: occ ? { id: occ.id, edition: occ.edition, code: occ.code, name: occ.name, digital: occ.digital, green: occ.green } : null,
    tradeName: item.tradeName,
    projectName: item.projectName,
    trainingType: item.trainingType,
    certificateTypes: item.certificateTypes,
    skillLevels: item.skillLevels,
    industryCode: item.industryCode,
    programCodes: item.programCodes,
    status: item.status,
    versions: mine.map(presentVersion),
    currentVersion: current ? presentVersion(current) : null,
    publishedAt: item.publishedAt?.toISOString() ?? null,
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
    abilities: { update: can.update, publish: can.publish, withdraw: can.withdraw, addVersion: can.addVersion },
  };
}

export function presentStandard(actor: Actor, s: StandardDbRow, itemCode: string, regionName: string, today: string): StandardView {
  const can = standardRules.abilities(actor, s, { today });
  return {
    id: s.id,
    subsidyType: s.subsidyType,
    itemId: s.itemId,
    itemCode,
    regionCode: s.regionCode,
    regionName,
    certificateType: s.certificateType,
    skillLevel: s.skillLevel,
    amountFen: s.amountFen,
    shortageFactorPercent: s.shortageFactorPercent,
    onlineFactorPercent: s.onlineFactorPercent,
    blendedFactorPercent: s.blendedFactorPercent,
    effectiveFrom: s.effectiveFrom,
    effectiveTo: s.effectiveTo,
    note: s.note,
    abilities: { update: can.update, delete: can.delete },
  };
}
