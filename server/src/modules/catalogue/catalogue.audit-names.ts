import { and, eq, inArray } from "drizzle-orm";
import type { EntityName, EntityNameResolver } from "../../platform/audit/audit.names.ts";
import { grantsFor } from "../../platform/auth/actor.ts";
import { regions } from "../reference/index.ts";
import { itemReadWhere, standardReadWhere } from "./catalogue.policy.ts";
import { itemDisplayName } from "./catalogue.presenter.ts";
import { catalogueItems, occupations, subsidyStandards } from "./catalogue.table.ts";

/** 目录项目 in the log: "车工（数控车工）", for items the reader may open. */
export const catalogueItemAuditNames: EntityNameResolver = async (db, actor, ids) => {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ item: catalogueItems, occ: occupations })
    .from(catalogueItems)
    .leftJoin(occupations, eq(occupations.id, catalogueItems.occupationId))
    .where(and(inArray(catalogueItems.id, [...ids]), itemReadWhere(actor)));
  // published items are readable by everyone logged in; the console page needs catalogue.read
  const console = grantsFor(actor, "catalogue.read").length > 0;
  return new Map<string, EntityName>(rows.map((r) => [r.item.id, { name: itemDisplayName(r.item, r.occ ?? undefined), href: console ? `/catalogue/${r.item.id}` : null }]));
};

/** 补贴标准 in the log: its item and region ("车工 · 长春市"), for standards the reader may see. */
export const standardAuditNames: EntityNameResolver = async (db, actor, ids) => {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: subsidyStandards.id, item: catalogueItems, occ: occupations, region: regions.name })
    .from(subsidyStandards)
    .innerJoin(catalogueItems, eq(catalogueItems.id, subsidyStandards.itemId))
    .leftJoin(occupations, eq(occupations.id, catalogueItems.occupationId))
    .innerJoin(regions, eq(regions.code, subsidyStandards.regionCode))
    .where(and(inArray(subsidyStandards.id, [...ids]), standardReadWhere(actor)));
  return new Map<string, EntityName>(rows.map((r) => [r.id, { name: `${itemDisplayName(r.item, r.occ ?? undefined)} · ${r.region}`, href: `/catalogue/${r.item.id}` }]));
};

/** 职业 in the log: "6-18-01-01 车工" (the occupation list is public to catalogue readers). */
export const occupationAuditNames: EntityNameResolver = async (db, actor, ids) => {
  if (ids.length === 0 || grantsFor(actor, "catalogue.read").length === 0) return new Map();
  const rows = await db.select({ id: occupations.id, code: occupations.code, name: occupations.name }).from(occupations).where(inArray(occupations.id, [...ids]));
  return new Map<string, EntityName>(rows.map((r) => [r.id, { name: `${r.code} ${r.name}`, href: `/occupations?q=${encodeURIComponent(r.code)}` }]));
};
