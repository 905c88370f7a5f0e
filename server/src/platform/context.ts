import type { Actor } from "./auth/actor.ts";
import type { Clock } from "./clock.ts";
import type { Config } from "./config.ts";
import type { Db, DbKind } from "./db/db.ts";

/** What every service gets: the app's long-lived dependencies. */
export interface Deps {
  /** the primary: every write, every transaction, every read that must see the latest write */
  db: Db;
  /** the read replica's pool (DATABASE_REPLICA_URL), for lag-tolerant reads only: see db/replica.ts `lagTolerant` */
  replicaDb?: Db | undefined;
  dbKind: DbKind;
  clock: Clock;
  config: Config;
  crypto: import("./crypto.ts").DataCrypto;
}

/** Who is asking, and from where: passed to every use case, written to the audit log. */
export interface Ctx {
  actor: Actor;
  requestId: string;
  clientIp: string | null;
}
