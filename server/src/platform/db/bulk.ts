import { type SQL, sql } from "drizzle-orm";

/** Postgres element types a bulk column may have (a fixed list: it is spliced into the SQL). */
export type BulkType = "uuid" | "text" | "varchar" | "date" | "timestamptz" | "integer";

/**
 * `unnest($1::uuid[], $2::text[], …)`: one array parameter per column, so a 1,000-row INSERT or
 * UPDATE … FROM costs as little to build and send as a one-row one (the ORM's per-value query
 * building dominated large imports). Use as `insert into t (a, b) select * from ${unnest(...)}`.
 */
export function unnest(columns: { type: BulkType; values: unknown[] }[]): SQL {
  const args = columns.map((c) => sql`${sql.param(c.values)}::${sql.raw(c.type)}[]`);
  return sql`unnest(${sql.join(args, sql`, `)})`;
}
