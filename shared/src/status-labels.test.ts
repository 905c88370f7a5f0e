import { describe, expect, it } from "vitest";
import { classStatusValues } from "./contracts/classes.ts";
import { noticeStateValues, objectionStatusValues } from "./contracts/subsidies.ts";
import { classStatusNames, noticeStateNames, objectionStatusNames } from "./status-labels.ts";

describe("state names", () => {
  it("every class state has a Chinese name, and no two read the same", () => {
    const names = classStatusValues.map((s) => classStatusNames[s]);
    for (const n of names) expect(n).toMatch(/^[\u4e00-\u9fff]+$/);
    expect(new Set(names).size).toBe(classStatusValues.length);
    expect(Object.keys(classStatusNames).sort()).toEqual([...classStatusValues].sort());
  });

  it("every notice state and objection status has its own Chinese name", () => {
    for (const [values, names] of [
      [noticeStateValues, noticeStateNames],
      [objectionStatusValues, objectionStatusNames],
    ] as const) {
      const all = values.map((v) => (names as Record<string, string>)[v]);
      for (const n of all) expect(n).toMatch(/^[\u4e00-\u9fff]+$/);
      expect(new Set(all).size).toBe(values.length);
    }
  });
});
