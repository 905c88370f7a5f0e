/** Rows per printed A4 page: 25 one-line rows of 7 mm leave room for the header and the signatures. */
export const ROWS_PER_PAGE = 25;

/** Splits rows into pages; an empty list still prints one (empty) page with its header. */
export function paginate<T>(rows: readonly T[], perPage = ROWS_PER_PAGE): T[][] {
  if (rows.length === 0) return [[]];
  const pages: T[][] = [];
  for (let i = 0; i < rows.length; i += perPage) pages.push(rows.slice(i, i + perPage));
  return pages;
}

const clock = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hour12: false });
/** "09:00": the class's own (China) time on paper, whatever zone the printing computer is set to. */
export function chinaClock(iso: string): string {
  const p = Object.fromEntries(clock.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.hour === "24" ? "00" : p.hour}:${p.minute}`;
}
