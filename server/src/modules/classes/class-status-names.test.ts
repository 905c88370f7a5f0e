import { describe, expect, it } from "vitest";
import { classStatusNames } from "../../../../shared/src/status-labels.ts";
import { classStatuses } from "./classes.table.ts";
import { classStatusLabels } from "./classes.rules.ts";

describe("the server names class states as the console does", () => {
  it("refusal messages and the class export read the shared names, for every state the table allows", () => {
    for (const s of classStatuses) expect(classStatusLabels[s]).toBe(classStatusNames[s]);
  });
});
