import { describe, expect, it } from "vitest";
import { previewSanctionLevel } from "./institution-labels.ts";

describe("sanction ladder preview", () => {
  it("starts at 约谈 and climbs one step for a repeat within a year", () => {
    expect(previewSanctionLevel([], "2026-05-01")).toBe(1);
    expect(previewSanctionLevel([{ level: 1, date: "2026-01-10" }], "2026-05-01")).toBe(2);
    expect(previewSanctionLevel([{ level: 4, date: "2026-01-10" }], "2026-05-01")).toBe(4);
  });
  it("starts again after a clean year, unless the officer asks for more", () => {
    expect(previewSanctionLevel([{ level: 2, date: "2024-01-10" }], "2026-05-01")).toBe(1);
    expect(previewSanctionLevel([], "2026-05-01", 3)).toBe(3);
  });
});
