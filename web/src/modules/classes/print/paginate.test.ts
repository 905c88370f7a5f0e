import { describe, expect, it } from "vitest";
import { chinaClock, paginate } from "./paginate.ts";

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

describe("chinaClock", () => {
  it("prints China time whatever the computer's zone", () => {
    expect(chinaClock("2026-03-16T01:00:00Z")).toBe("09:00");
    expect(chinaClock("2026-03-16T16:05:00Z")).toBe("00:05");
  });
});
