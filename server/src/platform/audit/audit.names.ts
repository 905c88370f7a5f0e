import type { Actor } from "../auth/actor.ts";
import type { Db } from "../db/db.ts";

/** How the log shows an object: its own name and, when the console has a page for it, the link. */
export interface EntityName {
  name: string;
  href: string | null;
}

/**
 * Names the given objects of one type as `actor` may see them: only the ids inside the actor's
 * scope come back (the others show as their type's name alone), masked as that module's own list
 * masks them. One query per call. Owned by the module that owns the table; the platform knows
 * none of them and receives them from app.ts.
 */
export type EntityNameResolver = (db: Db, actor: Actor, ids: readonly string[]) => Promise<ReadonlyMap<string, EntityName>>;

/** entity type (`class`, `person` …) → the resolver of its owning module */
export type EntityNameResolvers = Readonly<Record<string, EntityNameResolver>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Names for a page of log entries: one resolver call per entity type on the page. Ids that are not
 * UUIDs (a calendar day's date) never reach a resolver — they are their own name.
 */
export async function nameEntities(
  db: Db,
  actor: Actor,
  resolvers: EntityNameResolvers,
  entries: readonly { entityType: string; entityId: string | null }[],
): Promise<(entityType: string, entityId: string | null) => EntityName | null> {
  const byType = new Map<string, Set<string>>();
  for (const e of entries) {
    if (!e.entityId || !UUID.test(e.entityId) || !resolvers[e.entityType]) continue;
    const ids = byType.get(e.entityType) ?? new Set<string>();
    ids.add(e.entityId.toLowerCase());
    byType.set(e.entityType, ids);
  }
  const found = new Map<string, ReadonlyMap<string, EntityName>>();
  for (const [type, ids] of byType) found.set(type, await resolvers[type]!(db, actor, [...ids]));
  return (type, id) => (id ? (found.get(type)?.get(id.toLowerCase()) ?? null) : null);
}
