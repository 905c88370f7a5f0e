import { describe, expect, it } from "vitest";
import { classStatusValues } from "../../../shared/src/contracts/classes.ts";
import { classStatusNames } from "../../../shared/src/status-labels.ts";
import { classStatus } from "./status.ts";

describe("the console names class states as the server does", () => {
  it("each class state's tag reads the shared name (the server's refusals and exports use the same map)", () => {
    for (const s of classStatusValues) expect(classStatus[s].text).toBe(classStatusNames[s]);
  });
});
