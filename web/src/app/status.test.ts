import { describe, expect, it } from "vitest";
import { classStatusValues } from "../../../shared/src/contracts/classes.ts";
import { classStatusNames, noticeStateNames, objectionStatusNames } from "../../../shared/src/status-labels.ts";
import { classStatus, noticeState, objectionStatus } from "./status.ts";

describe("the console names class states as the server does", () => {
  it("each class state's tag reads the shared name (the server's refusals and exports use the same map)", () => {
    for (const s of classStatusValues) expect(classStatus[s].text).toBe(classStatusNames[s]);
  });

  it("notice states and objection statuses read the shared names, each in its own colour", () => {
    for (const [k, v] of Object.entries(noticeStateNames)) expect(noticeState[k as keyof typeof noticeState].text).toBe(v);
    for (const [k, v] of Object.entries(objectionStatusNames)) expect(objectionStatus[k as keyof typeof objectionStatus].text).toBe(v);
    expect(new Set(Object.values(objectionStatus).map((s) => s.color)).size).toBe(3);
    expect(new Set(Object.values(noticeState).map((s) => s.color)).size).toBe(2);
  });
});
