import { describe, expect, it } from "vitest";
import { fenToYuanText, formatFen, yuanToFen } from "./money.ts";

describe("money", () => {
  it("converts 元 typed in a form to exact fen", () => {
    expect(yuanToFen("1800")).toBe(180000);
    expect(yuanToFen("1800.5")).toBe(180050);
    expect(yuanToFen("0.29")).toBe(29);
    expect(yuanToFen("1,234.56")).toBe(123456);
    expect(yuanToFen(" 19.99 ")).toBe(1999);
  });
  it("refuses what is not an amount of whole fen", () => {
    for (const bad of ["", "-1", "1.234", "abc", "1e3", "=1+1"]) expect(yuanToFen(bad)).toBeNull();
  });
  it("shows fen as yuan with two decimals", () => {
    expect(formatFen(180050)).toBe("¥1,800.50");
    expect(formatFen(7)).toBe("¥0.07");
    expect(formatFen(null)).toBe("—");
    expect(fenToYuanText(180050)).toBe("1800.50");
  });
});
