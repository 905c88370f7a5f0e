-- Rate-limit windows, back-off and quota counters (platform/http/rate-limit.ts, pgCounterStore) are
-- written on every rate-limited request and are worth nothing after a crash: an unlogged table
-- writes no WAL, so its commits do not wait for a WAL flush (measured: half the latency and twice
-- the rate of the counter upsert at 50 clients, docs/benchmarks.md § Portal). After a crash of the
-- PostgreSQL server (not of an app process, not a clean restart) the table comes back empty: every
-- window and back-off starts over, a residual risk written down in docs/security.md. Unlogged rows
-- are not streamed to a replica; nothing reads counters there.
ALTER TABLE "counters" SET UNLOGGED;
