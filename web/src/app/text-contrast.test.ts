import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { contrastOnWhite } from "./colors.ts";

/**
 * Every colour written after `color:` in the console's sources (inline styles, CSS, chart labels)
 * reaches 4.5:1 on white (WCAG AA for text; the page background #f5f7fa is within 0.3 of white's
 * ratio, and a colour that passes here by less than that is rejected on it too). A colour that is
 * not text on a light background says so on its line: `// contrast: on dark` (white text on a
 * coloured header) or `// contrast: not text` (a chart's bars, an icon beside its label).
 */
const webSrc = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const LITERAL = /#[0-9a-fA-F]{3,8}\b|rgba?\([^)]*\)/g;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(tsx?|css)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** the literal colours a `color:` declaration on this line may take (both sides of a ternary too) */
export function textColours(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/(?<![\w-])color:\s*((?:\([^)]*\)|[^;,}(])*)/g)) out.push(...(m[1]!.match(LITERAL) ?? []));
  return out;
}

describe("text colours in web/src reach 4.5:1", () => {
  it("the scanner reads inline styles, CSS and ternaries, and the contrast of the usual greys", () => {
    expect(textColours(`<div style={{ fontSize: 12, color: "#999" }}>`)).toEqual(["#999"]);
    expect(textColours("  color: rgba(0, 0, 0, 0.45);")).toEqual(["rgba(0, 0, 0, 0.45)"]);
    expect(textColours(`style={{ color: ok ? "#389e0d" : "#cf1322" }}`)).toEqual(["#389e0d", "#cf1322"]);
    expect(textColours(`<Tag color="green">`)).toEqual([]);
    expect(textColours("border-color: #d9d9d9;")).toEqual([]);
    expect(contrastOnWhite("#999")).toBeCloseTo(2.85, 1);
    expect(contrastOnWhite("#888")).toBeCloseTo(3.54, 1);
    expect(contrastOnWhite("rgba(0, 0, 0, 0.45)")).toBeCloseTo(3.54, 0);
    expect(contrastOnWhite("#666")).toBeGreaterThan(4.5);
  });

  it("no text colour below 4.5:1", () => {
    const found: string[] = [];
    for (const file of sources(webSrc)) {
      const lines = fs.readFileSync(file, "utf8").split("\n");
      for (const [i, line] of lines.entries()) {
        if (/contrast: (on dark|not text)/.test(line)) continue;
        for (const c of textColours(line)) {
          const ratio = contrastOnWhite(c);
          if (ratio < 4.8) found.push(`${path.relative(webSrc, file)}:${i + 1} ${c} ${ratio.toFixed(2)}:1`);
        }
      }
    }
    expect(found).toEqual([]);
  });
});
