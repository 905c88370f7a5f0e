import { describe, expect, it } from "vitest";
import { paginate } from "./paginate.ts";

describe("paginate", () => {
  it("breaks every 25 rows and keeps the rest on the last page", () => {
    const pages = paginate(Array.from({ length: 51 }, (_, i) => i));
    expect(pages.map((p) => p.length)).toEqual([25, 25, 1]);
    expect(pages[1]![0]).toBe(25);
  });
  it("prints one empty page for an empty list", () => {
    expect(paginate([])).toEqual([[]]);
  });
});
