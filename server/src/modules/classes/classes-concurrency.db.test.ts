import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../../../test/harness.ts";
import { dailySessions, makeClass, makeTeacher, makeWorld } from "./classes.factory.ts";
import { transitionClass } from "./classes.service.ts";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

describe("approvals racing each other", () => {
  it("two overlapping classes with the same trainees, approved at the same moment: exactly one passes", async () => {
    const w = await makeWorld(env, { roster: 2 });
    const a = await makeClass(env, w, { status: "submitted" });
    // another teacher, same dates, same trainees: only the trainee overlap can stop the second
    const other = await makeTeacher(env, w.institution.id, "孙老师");
    const b = await makeClass(env, w, { status: "submitted", body: { sessions: dailySessions(w, "2026-03-16", 5, { teacherId: other }) } });
    const results = await Promise.allSettled([
      transitionClass(env.deps, w.officerCtx, a.id, { action: "approve" }),
      transitionClass(env.deps, w.officerCtx, b.id, { action: "approve" }),
    ]);
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason.code).toBe("class.checks_failed");
  });
});
