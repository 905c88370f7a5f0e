import { describe, expect, it } from "vitest";
import type { MyClass } from "./my.api.ts";
import { myProgress } from "./my-progress.ts";

const session = (endsAt: string, status: "planned" | "cancelled" = "planned") => ({ id: endsAt, date: endsAt.slice(0, 10), startsAt: endsAt, endsAt, status }) as unknown as MyClass["sessions"][number];
const cls = (status: string, o: Partial<MyClass> = {}): MyClass =>
  ({ class: { status }, enrollmentStatus: "enrolled", result: null, score: null, sessions: [], certificates: [], ...o }) as unknown as MyClass;

describe("my training progress", () => {
  it("counts classes, the ongoing one's sessions done, passes and valid certificates; a withdrawn class does not count", () => {
    const now = Date.parse("2026-03-18T06:00:00Z");
    const p = myProgress(
      [
        cls("in_progress", { sessions: [session("2026-03-16T04:00:00Z"), session("2026-03-17T04:00:00Z"), session("2026-03-19T04:00:00Z"), session("2026-03-18T04:00:00Z", "cancelled")] }),
        cls("assessed", { result: "pass", certificates: [{ status: "valid" }, { status: "revoked" }] as MyClass["certificates"] }),
        cls("assessed", { enrollmentStatus: "withdrawn", result: "pass", certificates: [{ status: "valid" }] as MyClass["certificates"] }),
      ],
      now,
    );
    expect(p).toEqual({ classes: 2, ongoing: 1, passed: 1, certificates: 1, sessionsDone: 2, sessionsPlanned: 3 });
  });
});
