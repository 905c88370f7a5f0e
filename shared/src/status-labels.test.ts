import { describe, expect, it } from "vitest";
import { classStatusValues } from "./contracts/classes.ts";
import { classStatusNames } from "./status-labels.ts";

describe("state names", () => {
  it("every class state has a Chinese name, and no two read the same", () => {
    const names = classStatusValues.map((s) => classStatusNames[s]);
    for (const n of names) expect(n).toMatch(/^[\u4e00-\u9fff]+$/);
    expect(new Set(names).size).toBe(classStatusValues.length);
    expect(Object.keys(classStatusNames).sort()).toEqual([...classStatusValues].sort());
  });
});
