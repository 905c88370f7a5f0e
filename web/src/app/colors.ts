/**
 * Text colours the pages share, each ≥ 4.5:1 (WCAG AA) on white and on the page's #f5f7fa
 * (web/src/app/text-contrast.test.ts checks every `color:` in web/src). The antd theme uses the
 * same secondary colour (AntAppRoute.tsx), so inline hints match Typography.Text type="secondary".
 */
/** hints, second lines in a cell, "—": 62% black, 5.9:1 on white */
export const SECONDARY_TEXT = "rgba(0, 0, 0, 0.62)";

function channels(colour: string): [number, number, number, number] {
  const hex = /^#([0-9a-f]{3,8})$/i.exec(colour)?.[1];
  if (hex) {
    const full = hex.length <= 4 ? [...hex].map((c) => c + c).join("") : hex;
    const n = (i: number) => Number.parseInt(full.slice(i, i + 2), 16);
    return [n(0), n(2), n(4), full.length === 8 ? n(6) / 255 : 1];
  }
  const rgba = /^rgba?\(([^)]*)\)$/.exec(colour.trim());
  if (rgba) {
    const [r = 0, g = 0, b = 0, a = 1] = rgba[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
    return [r, g, b, a];
  }
  throw new Error(`not a colour literal: ${colour}`);
}

/** WCAG contrast ratio of a colour (alpha blended onto white) against white. */
export function contrastOnWhite(colour: string): number {
  const [r, g, b, a] = channels(colour);
  const lum = [r, g, b]
    .map((c) => (c * a + 255 * (1 - a)) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const l = 0.2126 * lum[0]! + 0.7152 * lum[1]! + 0.0722 * lum[2]!;
  return 1.05 / (l + 0.05);
}

/** white text on the dark blue headers (#0f3d73, #1f5fad): 11:1 and 6.4:1 */
export const ON_DARK_TEXT = "#fff";
/** the theme's status colours (AntAppRoute.tsx), for text and for icons that carry a meaning */
export const SUCCESS_TEXT = "#237804";
export const ERROR_TEXT = "#cf1322";
export const WARNING_TEXT = "#ad4e00";
/** secondary white text on the dark headers: 7:1 on #0f3d73, 4.8:1 on #1f5fad */
export const ON_DARK_MUTED = "rgba(255, 255, 255, 0.8)";
