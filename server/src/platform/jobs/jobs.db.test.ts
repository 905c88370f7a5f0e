import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestEnv, type TestEnv } from "../../../test/harness.ts";
import { enqueueJob, jobsIdle } from "./jobs.ts";
import { importJobs } from "./jobs.table.ts";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

describe("the background job runner", () => {
  it("keeps running later jobs when a job's final status could not be written (a lost connection)", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const first = await enqueueJob(env.deps, env.system, "test.job", async () => {
        // the job's work is done; the runner's next write (its final status) fails once
        vi.spyOn(env.deps.db, "update").mockImplementationOnce(() => {
          throw new Error("Connection terminated unexpectedly");
        });
        return { total: 1, processed: 1, created: 1 };
      });
      await jobsIdle(env.deps.db);
      const second = await enqueueJob(env.deps, env.system, "test.job", async () => ({ total: 2, processed: 2, created: 2 }));
      await jobsIdle(env.deps.db);
      const status = async (id: string) => (await env.deps.db.select().from(importJobs).where(eq(importJobs.id, id)))[0]?.status;
      // the first stays "running" (the sweep or the next start fails it); the second ran to the end
      expect(await status(first)).toBe("running");
      expect(await status(second)).toBe("succeeded");
      expect(errors).toHaveBeenCalledWith(expect.stringContaining("final state could not be written"), expect.any(Error));
    } finally {
      vi.restoreAllMocks();
    }
  });
});
