import { sql } from "drizzle-orm";
import type { Db } from "./db.ts";

/**
 * Whether an acknowledged commit survives a power cut: PostgreSQL's `fsync`, `synchronous_commit`
 * and `full_page_writes`, read from the database itself (the embedded store sets them in
 * embedded.ts; a PostgreSQL server's operator may have turned them off for a bulk load and
 * forgotten). `durable` is false when any of them lets a commit or a page be lost.
 */
export interface Durability {
  fsync: boolean;
  synchronousCommit: string;
  fullPageWrites: boolean;
  durable: boolean;
}

export async function durabilityOf(db: Db): Promise<Durability> {
  const r = (await db.execute(
    sql`select current_setting('fsync') as fsync, current_setting('synchronous_commit') as sc, current_setting('full_page_writes') as fpw`,
  )) as unknown as { rows: { fsync: string; sc: string; fpw: string }[] };
  const row = r.rows[0]!;
  const fsync = row.fsync === "on";
  const fullPageWrites = row.fpw === "on";
  // synchronous_commit = off acknowledges before the WAL is flushed; local/on/remote_* flush locally first
  return { fsync, synchronousCommit: row.sc, fullPageWrites, durable: fsync && fullPageWrites && row.sc !== "off" };
}

/** The start line's warning when commits would not survive a power cut; undefined when they would. */
export function durabilityWarning(d: Durability): string | undefined {
  if (d.durable) return undefined;
  const off = [!d.fsync && "fsync = off", d.synchronousCommit === "off" && "synchronous_commit = off", !d.fullPageWrites && "full_page_writes = off"].filter(Boolean).join(", ");
  return `⚠ 数据库设置为 ${off}：断电或系统崩溃时已确认的提交可能丢失。The database runs with ${off}: acknowledged commits can be lost in a power cut or OS crash. Turn it back on unless this is a throwaway bulk load.`;
}
