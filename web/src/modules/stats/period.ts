/** The periods a report can be asked for: 2019 (the plan's first year) up to today's. */
export function reportPeriods(kind: "quarterly" | "annual", today: Date): { value: string; label: string }[] {
  const year = today.getFullYear();
  const quarter = Math.floor(today.getMonth() / 3) + 1;
  const out: { value: string; label: string }[] = [];
  for (let y = year; y >= 2019; y--) {
    if (kind === "annual") out.push({ value: String(y), label: `${y}年` });
    else for (let q = y === year ? quarter : 4; q >= 1; q--) out.push({ value: `${y}Q${q}`, label: `${y}年第${q}季度` });
  }
  return out;
}

/** The last period that has ended (what one usually reports on). */
export function lastClosedPeriod(kind: "quarterly" | "annual", today: Date): string {
  const y = today.getFullYear();
  const q = Math.floor(today.getMonth() / 3) + 1;
  if (kind === "annual") return String(y - 1);
  return q === 1 ? `${y - 1}Q4` : `${y}Q${q - 1}`;
}
