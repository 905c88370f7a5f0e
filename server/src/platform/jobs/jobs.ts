import { randomUUID } from "node:crypto";
import { and, count, eq, gt, gte, inArray, or, type SQL } from "drizzle-orm";
import type { Ctx, Deps } from "../context.ts";
import type { Db } from "../db/db.ts";
import { AppError } from "../http/errors.ts";
import { importJobs } from "./jobs.table.ts";

/** How many problems a job keeps; the count is always exact. */
export const PROBLEM_CAP = 1000;

export interface JobCounts {
  total: number;
  processed: number;
  created: number;
  updated: number;
  unchanged: number;
  problemCount: number;
  problems: unknown[];
}

export interface JobHandle {
  readonly id: string;
  /** Records progress in memory (cheap; safe to call inside a transaction). */
  progress(p: Partial<JobCounts>): void;
}

/** The work: runs as the submitting user's ctx; returns the final counts. */
export type JobFn = (job: JobHandle) => Promise<Partial<JobCounts>>;

export type JobRow = typeof importJobs.$inferSelect;

/**
 * In-process runner: jobs run one after another (PGlite runs one transaction at a time anyway).
 * Live progress stays in memory — writing it to the database from inside the job's own
 * transaction would wait for that transaction on PGlite — and the row gets status and final counts.
 */
class Runner {
  private chain: Promise<void> = Promise.resolve();
  readonly live = new Map<string, Partial<JobCounts> & { status: JobRow["status"] }>();

  enqueue(deps: Deps, id: string, fn: JobFn): void {
    this.live.set(id, { status: "queued" });
    this.chain = this.chain.then(() => this.run(deps, id, fn));
  }

  idle(): Promise<void> {
    return this.chain;
  }

  private async run(deps: Deps, id: string, fn: JobFn): Promise<void> {
    const { db, clock } = deps;
    const state = this.live.get(id)!;
    state.status = "running";
    await db.update(importJobs).set({ status: "running", startedAt: clock.now() }).where(eq(importJobs.id, id));
    const handle: JobHandle = { id, progress: (p) => Object.assign(state, p) };
    let patch: Partial<typeof importJobs.$inferInsert>;
    try {
      const result = await fn(handle);
      Object.assign(state, result);
      patch = { status: "succeeded", ...countsOf(state) };
    } catch (e) {
      const app = e instanceof AppError ? e : null;
      const details = (app?.details ?? {}) as { problems?: unknown[]; problemCount?: number };
      if (details.problems) Object.assign(state, { problems: details.problems, problemCount: details.problemCount ?? details.problems.length });
      if (!app) console.error(`job ${id} failed`, e);
      patch = {
        status: "failed",
        ...countsOf(state),
        errorCode: app?.code ?? "internal.error",
        errorMessage: app?.message ?? "系统内部错误",
      };
    }
    try {
      await db
        .update(importJobs)
        .set({ ...patch, finishedAt: clock.now() })
        .where(eq(importJobs.id, id));
    } finally {
      this.live.delete(id);
    }
  }
}

function countsOf(s: Partial<JobCounts>): Partial<typeof importJobs.$inferInsert> {
  return {
    total: s.total ?? 0,
    processed: s.processed ?? 0,
    created: s.created ?? 0,
    updated: s.updated ?? 0,
    unchanged: s.unchanged ?? 0,
    problemCount: s.problemCount ?? 0,
    problems: (s.problems ?? []).slice(0, PROBLEM_CAP),
  };
}

const runners = new WeakMap<Db, Runner>();
function runnerOf(db: Db): Runner {
  let r = runners.get(db);
  if (!r) {
    r = new Runner();
    runners.set(db, r);
  }
  return r;
}

/** Queues `fn` as a background job owned by the ctx's user; returns the job id at once. */
export async function enqueueJob(deps: Deps, ctx: Ctx, kind: string, fn: JobFn): Promise<string> {
  const id = randomUUID();
  await deps.db.insert(importJobs).values({ id, kind, status: "queued", createdBy: ctx.actor.userId, createdAt: deps.clock.now() });
  runnerOf(deps.db).enqueue(deps, id, fn);
  return id;
}

/**
 * A job as stored, with live progress merged in while it runs. Only the user who started it
 * (or `kinds` filter mismatches) ⇒ not found.
 */
export async function findJob(db: Db, id: string, opts: { createdBy: string | null; kinds?: string[] }): Promise<JobRow | undefined> {
  const conds: SQL[] = [eq(importJobs.id, id)];
  if (opts.kinds) conds.push(inArray(importJobs.kind, opts.kinds));
  const [row] = await db
    .select()
    .from(importJobs)
    .where(and(...conds))
    .limit(1);
  if (!row || (opts.createdBy !== null && row.createdBy !== opts.createdBy)) return undefined;
  const live = runnerOf(db).live.get(id);
  if (!live || row.status === "succeeded" || row.status === "failed") return row;
  return { ...row, ...countsOf({ ...row, ...live } as Partial<JobCounts>), status: live.status } as JobRow;
}

/** Resolves when every queued job of this database has finished (tests, shutdown). */
export function jobsIdle(db: Db): Promise<void> {
  return runnerOf(db).idle();
}

/** At start-up: jobs that were queued or running when the process stopped will never finish. */
export async function failInterruptedJobs(deps: Deps): Promise<void> {
  await deps.db
    .update(importJobs)
    .set({ status: "failed", errorCode: "internal.error", errorMessage: "服务重启，任务已中断，请重新提交", finishedAt: deps.clock.now() })
    .where(inArray(importJobs.status, ["queued", "running"]));
}

/**
 * Background imports the user started that finished since `since` and need a look: failed, or
 * finished with problem rows (a dry run that found problems, a commit that was refused).
 */
export async function countJobsWithProblems(db: Db, createdBy: string, since: Date): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(importJobs)
    .where(and(eq(importJobs.createdBy, createdBy), gte(importJobs.createdAt, since), or(eq(importJobs.status, "failed"), and(eq(importJobs.status, "succeeded"), gt(importJobs.problemCount, 0)))));
  return r?.n ?? 0;
}
