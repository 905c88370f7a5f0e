import { type Db, isPool } from "./db.ts";

/** a read not yet started: `readAll` decides when it runs */
type Read = () => unknown;

/**
 * Runs independent reads and returns their results in order, like `Promise.all`: at once on the
 * pool (each may take its own connection), one after another on a transaction or PGlite. A
 * transaction is one connection, which runs one statement at a time anyway; overlapping queries on
 * it only queue inside node-postgres, which pg 8 warns about ("client.query() when the client is
 * already executing a query") and pg 9 will refuse. Services and presenters reach here with
 * `deps.db` being either (tests run them inside a rolled-back transaction), so fan-outs over one
 * `Db` go through this rather than `Promise.all`. Pass functions, not started queries: a started
 * one is already in flight.
 */
export async function readAll<const R extends readonly Read[]>(db: Db, reads: R): Promise<{ -readonly [K in keyof R]: Awaited<ReturnType<R[K]>> }> {
  type Results = { -readonly [K in keyof R]: Awaited<ReturnType<R[K]>> };
  if (isPool(db)) return (await Promise.all(reads.map((read) => read()))) as Results;
  const out: unknown[] = [];
  for (const read of reads) out.push(await read());
  return out as Results;
}
