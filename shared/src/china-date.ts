/**
 * The platform's calendar is Beijing time (UTC+8, no daylight saving): "today", a year's elapsed
 * share and every YYYY-MM-DD the server or the browser derives from an instant use this one rule.
 */
export function dateInChina(at: Date | number): string {
  const ms = typeof at === "number" ? at : at.getTime();
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}
