/** Rows per printed A4 page: 25 rows of 8.6 mm leave room for the header and the signatures. */
export const ROWS_PER_PAGE = 25;

/** Splits rows into pages; an empty list still prints one (empty) page with its header. */
export function paginate<T>(rows: readonly T[], perPage = ROWS_PER_PAGE): T[][] {
  if (rows.length === 0) return [[]];
  const pages: T[][] = [];
  for (let i = 0; i < rows.length; i += perPage) pages.push(rows.slice(i, i + perPage));
  return pages;
}
