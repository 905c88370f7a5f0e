import type { Clock } from "../clock.ts";
import type { FastifyInstance, onRequestAsyncHookHandler, onSendAsyncHookHandler } from "fastify";
import type { ChangeFeed } from "../db/changes.ts";
import { chooseEncoding } from "./compression.ts";

/**
 * The tables behind each cached public answer. Migration 0044 puts a statement-level trigger on
 * each that notifies the tag at commit (platform/db/changes.ts); public-cache.db.test.ts checks
 * the triggers against this list and every statement a cached route sends against its tag's
 * tables. A route that starts reading another table fails that test until both are extended.
 */
export const PUBLIC_CACHE_SOURCES = {
  catalogue: ["catalogue_items", "catalogue_item_versions", "occupations", "subsidy_standards"],
  institutions: ["institutions", "institution_facilities", "institution_programs", "institution_qualifications", "institution_teachers", "regions"],
  notices: ["subsidy_notices", "subsidy_notice_lines", "subsidy_claims", "subsidy_claim_lines", "subsidy_objections", "classes", "persons"],
  funds: ["fund_accounts", "ledger_postings", "ledger_transactions", "programs", "regions"],
} as const;
export type PublicCacheTag = keyof typeof PUBLIC_CACHE_SOURCES;

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * The answer is the same for every caller (no actor, no personal view) and may be kept until
     * one of the tag's tables changes: a public portal read.
     */
    publicCache?: PublicCacheTag;
  }
  interface FastifyInstance {
    /** "GET /api/public/…" → tag, of every route that declared `publicCache` */
    publicCacheRoutes: Map<string, PublicCacheTag>;
  }
  interface FastifyRequest {
    publicCacheMiss?: { key: string; tag: PublicCacheTag; generation: number };
  }
}

/** a backstop only: every change to a source table drops the tag's answers at once */
export const PUBLIC_CACHE_TTL_MS = 10_000;
const MAX_ENTRIES = 2_000;
const MAX_BYTES = 64 * 2 ** 20;
/** the answer headers worth keeping; everything else is per request (ids, limits, cookies) */
const KEPT = ["content-type", "content-encoding", "vary", "cache-control", "x-read-source", "content-language"];

interface Entry {
  tag: PublicCacheTag;
  expiresAt: number;
  headers: [string, string][];
  body: Buffer;
  bytes: number;
}

/**
 * Public answers cache: a GET of a route with `config.publicCache` is answered from memory while
 * none of its tag's tables has changed — in any process — since it was computed (x-cache: hit);
 * otherwise computed as usual and kept, compressed as the client asked (x-cache: miss); while the
 * change feed is down, computed and not kept (x-cache: off). Runs after
 * the rate limits and the access check (both still apply to a hit). An answer computed while a
 * change to its tables arrived is not kept (it may predate the change), and nothing is kept while
 * the change feed is down (it could not tell us). Memory: at most 2,000 answers and 64 MiB.
 */
export function registerPublicCache(app: FastifyInstance, feed: ChangeFeed, clock: Clock): void {
  const now = () => clock.now().getTime();
  const entries = new Map<string, Entry>();
  let bytes = 0;
  app.decorate("publicCacheRoutes", new Map<string, PublicCacheTag>());
  // a change to a tag bumps its generation; a lost feed bumps them all (base)
  let base = 0;
  const generations = new Map<PublicCacheTag, number>();
  const generation = (tag: PublicCacheTag) => base + (generations.get(tag) ?? 0);
  const drop = (key: string, e: Entry) => {
    entries.delete(key);
    bytes -= e.bytes;
  };
  feed.subscribe((tag) => {
    if (tag === null) {
      base++;
      entries.clear();
      bytes = 0;
      return;
    }
    if (!(tag in PUBLIC_CACHE_SOURCES)) return;
    const t = tag as PublicCacheTag;
    generations.set(t, (generations.get(t) ?? 0) + 1);
    for (const [key, e] of entries) if (e.tag === t) drop(key, e);
  });

  const serve: onRequestAsyncHookHandler = async (req, reply) => {
    const tag = req.routeOptions.config?.publicCache;
    if (!tag || req.method !== "GET") return;
    if (!feed.live) {
      reply.header("x-cache", "off"); // the change feed is reconnecting: nothing is served from memory or kept
      return;
    }
    const key = `${tag} ${chooseEncoding(req.headers["accept-encoding"]) ?? "identity"} ${req.url}`;
    const hit = entries.get(key);
    if (hit && hit.expiresAt > now()) {
      for (const [name, value] of hit.headers) reply.header(name, value);
      reply.header("x-cache", "hit");
      return reply.code(200).send(hit.body);
    }
    if (hit) drop(key, hit);
    req.publicCacheMiss = { key, tag, generation: generation(tag) };
  };

  const keep: onSendAsyncHookHandler<unknown> = async (req, reply, payload) => {
    const miss = req.publicCacheMiss;
    if (!miss) return payload;
    reply.header("x-cache", "miss");
    if (reply.statusCode !== 200 || !feed.live || generation(miss.tag) !== miss.generation) return payload;
    if (typeof payload !== "string" && !Buffer.isBuffer(payload)) return payload;
    const size = typeof payload === "string" ? Buffer.byteLength(payload) : payload.length;
    if (size > MAX_BYTES / 16) return payload;
    const headers: [string, string][] = [];
    for (const name of KEPT) {
      const v = reply.getHeader(name);
      if (v !== undefined) headers.push([name, Array.isArray(v) ? v.join(", ") : String(v)]);
    }
    const old = entries.get(miss.key);
    if (old) drop(miss.key, old);
    const body = typeof payload === "string" ? Buffer.from(payload) : payload;
    entries.set(miss.key, { tag: miss.tag, expiresAt: now() + PUBLIC_CACHE_TTL_MS, headers, body, bytes: size });
    bytes += size;
    // the oldest answers go first
    for (const [key, e] of entries) {
      if (entries.size <= MAX_ENTRIES && bytes <= MAX_BYTES) break;
      drop(key, e);
    }
    return payload;
  };

  // route hooks, only on the routes that opt in: they run after the application's own hooks of
  // each kind — after the rate limits and the access check, and after compression (the bytes sent)
  app.addHook("onRoute", (route) => {
    const tag = route.config?.publicCache;
    if (!tag) return;
    for (const m of [route.method].flat()) if (m === "GET") app.publicCacheRoutes.set(`GET ${route.url}`, tag);
    route.onRequest = [...[route.onRequest ?? []].flat(), serve];
    route.onSend = [...[route.onSend ?? []].flat(), keep];
  });
}
