import { and, eq, inArray } from "drizzle-orm";
import { grantsFor } from "../../platform/auth/actor.ts";
import type { EntityName, EntityNameResolver } from "../../platform/audit/audit.names.ts";
import { certificates } from "./classes-workflow.table.ts";
import { classScope } from "./classes.policy.ts";
import { classes } from "./classes.table.ts";

/** 培训班 in the log: "电工培训班（JL2201…）", only for classes the reader may open. */
export const classAuditNames: EntityNameResolver = async (db, actor, ids) => {
  if (ids.length === 0 || grantsFor(actor, "class.read").length === 0) return new Map();
  const rows = await db
    .select({ id: classes.id, title: classes.title, code: classes.code })
    .from(classes)
    .where(and(inArray(classes.id, [...ids]), classScope(actor, "class.read")));
  return new Map<string, EntityName>(rows.map((r) => [r.id, { name: `${r.title}（${r.code}）`, href: `/classes/${r.id}` }]));
};

/** 证书 in the log: its number, linked to its class, only when the reader may open the class. */
export const certificateAuditNames: EntityNameResolver = async (db, actor, ids) => {
  if (ids.length === 0 || grantsFor(actor, "class.read").length === 0) return new Map();
  const rows = await db
    .select({ id: certificates.id, number: certificates.number, classId: classes.id, title: classes.title })
    .from(certificates)
    .innerJoin(classes, eq(classes.id, certificates.classId))
    .where(and(inArray(certificates.id, [...ids]), classScope(actor, "class.read")));
  return new Map<string, EntityName>(rows.map((r) => [r.id, { name: `${r.number}（${r.title}）`, href: `/classes/${r.classId}` }]));
};
