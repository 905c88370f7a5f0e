import { and, inArray } from "drizzle-orm";
import { grantsFor } from "../../platform/auth/actor.ts";
import type { EntityName, EntityNameResolver } from "../../platform/audit/audit.names.ts";
import { scopeWhere } from "../../platform/auth/scope.ts";
import { users } from "./users.table.ts";

/** 用户 in the log: "张三（zhangsan）", only for accounts the reader may list (user.read in scope). */
export const userAuditNames: EntityNameResolver = async (db, actor, ids) => {
  if (ids.length === 0 || grantsFor(actor, "user.read").length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .where(and(inArray(users.id, [...ids]), scopeWhere(actor, "user.read", { region: users.regionCode })));
  return new Map<string, EntityName>(rows.map((r) => [r.id, { name: `${r.displayName}（${r.username}）`, href: `/users?q=${encodeURIComponent(r.username)}` }]));
};
