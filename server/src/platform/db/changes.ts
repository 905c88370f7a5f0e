import { EventEmitter } from "node:events";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { Db } from "./db.ts";

/**
 * Change notifications for caches that must hold across processes. Statement-level triggers
 * (migration 0044) run `pg_notify('jl_changes', '<tag>:<transaction id>')` on every write to the
 * tables behind a tag;
 * PostgreSQL delivers it at commit to every session listening, in every app process.
 *
 * Read-your-writes in one process: every pooled connection LISTENs (openPostgres opens
 * a `listeningPool`), and a session that listens receives its own transaction's notification before
 * the COMMIT's answer — node-pg reads them in order, so a cache sees the change before the request
 * that made it has its answer. Other processes' changes arrive on a dedicated listening connection
 * (a pooled one may be closed when idle). On PGlite (one process) the notification arrives before
 * the writing query's promise resolves.
 */
export const CHANGES_CHANNEL = "jl_changes";

const poolEvents = new WeakMap<pg.Pool, EventEmitter>();

/**
 * The primary's pool (openPostgres): every new connection LISTENs and reports what it hears. The
 * LISTEN runs in pg-pool's `onConnect` hook, which the pool awaits before it hands the connection
 * to anyone, so the first query never overlaps it. A failure (a standby refuses LISTEN) only
 * means this connection reports nothing.
 */
export function listeningPool(config: pg.PoolConfig): pg.Pool {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const pool = new pg.Pool({
    ...config,
    onConnect: async (client) => {
      client.on("notification", (m) => events.emit("change", m.payload ?? ""));
      await client.query(`LISTEN ${CHANGES_CHANNEL}`).catch(() => {});
    },
  });
  poolEvents.set(pool, events);
  return pool;
}

/** A tag changed (`tag`), or changes may have been missed (`null`: forget everything). */
export type ChangeListener = (tag: string | null) => void;

export interface ChangeFeed {
  /** true while every committed change reaches the listeners; caches store nothing otherwise */
  readonly live: boolean;
  subscribe(listener: ChangeListener): void;
  close(): Promise<void>;
}

const RECONNECT_MS = 1_000;
/** the dedicated listening connection's application_name (pg_stat_activity) */
export const CHANGES_LISTENER_NAME = "jl-changes";

/** The feed for a database handle; a handle it cannot listen on (a transaction) gives a feed that is never live. */
export async function openChangeFeed(db: Db): Promise<ChangeFeed> {
  const client = (db as unknown as { $client?: unknown }).$client;
  const listeners = new Set<ChangeListener>();
  // a notification is "<tag>:<transaction id>"; every listening connection of this process hears
  // it, so the same one can arrive several times (the first one counts)
  const recent = new Set<string>();
  const emit = (payload: string | null) => {
    if (payload !== null) {
      if (recent.has(payload)) return;
      recent.add(payload);
      if (recent.size > 1_000) recent.delete(recent.values().next().value as string);
    }
    const colon = payload?.lastIndexOf(":") ?? -1;
    const tag = payload !== null && colon > 0 ? payload.slice(0, colon) : payload;
    for (const l of listeners) l(tag);
  };
  if (client instanceof PGlite) {
    const unlisten = await client.listen(CHANGES_CHANNEL, (payload) => emit(payload));
    return { live: true, subscribe: (l) => void listeners.add(l), close: () => unlisten() };
  }
  const events = client instanceof pg.Pool ? poolEvents.get(client) : undefined;
  if (!(client instanceof pg.Pool) || !events) {
    return { live: false, subscribe: () => {}, close: async () => {} };
  }
  const onPool = (payload: string) => emit(payload);
  events.on("change", onPool);
  let live = false;
  let closed = false;
  let current: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  const lost = () => {
    const was = live;
    live = false;
    if (was) emit(null);
    current = null;
    if (!closed && !timer) {
      timer = setTimeout(() => {
        timer = null;
        void connect();
      }, RECONNECT_MS);
      timer.unref();
    }
  };
  const connect = async () => {
    const c = new pg.Client({ ...client.options, application_name: CHANGES_LISTENER_NAME });
    current = c;
    c.on("error", () => {}); // 'end' follows; lost() handles it
    c.on("end", () => {
      if (current === c) lost();
    });
    c.on("notification", (m) => emit(m.payload ?? ""));
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANGES_CHANNEL}`);
      if (closed) return void (await c.end().catch(() => {}));
      // whatever was cached before this moment may have missed changes
      emit(null);
      live = true;
    } catch {
      await c.end().catch(() => {});
      if (current === c) lost();
    }
  };
  await connect();
  return {
    get live() {
      return live;
    },
    subscribe: (l) => void listeners.add(l),
    close: async () => {
      closed = true;
      live = false;
      events.off("change", onPool);
      if (timer) clearTimeout(timer);
      const c = current;
      current = null;
      await c?.end().catch(() => {});
    },
  };
}
