import type { FastifyReply } from "fastify";
import { AppError } from "../http/errors.ts";
import { XLSX_MIME } from "./write.ts";

/** More rows than this is not a list to take away but a data dump: narrow the filters. */
export const EXPORT_ROW_LIMIT = 100_000;
/** one page per read: each read is its own short query, so an export never holds the database for long */
const EXPORT_PAGE_SIZE = 500;

export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * Reads a list through its own list function, page by page — the same scope WHERE, filters and
 * presenter (masking) as the list the user looked at, never a wider one.
 * @throws export.too_large when the list holds more than `limit` rows (checked on the first page,
 *   before anything else is read)
 */
export async function collectPages<T>(fetchPage: (page: number, pageSize: number) => Promise<Page<T>>, limit = EXPORT_ROW_LIMIT): Promise<T[]> {
  const first = await fetchPage(1, EXPORT_PAGE_SIZE);
  assertExportSize(first.total, limit);
  const rows = [...first.items];
  for (let page = 2; first.items.length === EXPORT_PAGE_SIZE && rows.length < first.total; page++) {
    const next = await fetchPage(page, EXPORT_PAGE_SIZE);
    rows.push(...next.items);
    if (next.items.length < EXPORT_PAGE_SIZE) break;
  }
  // rows added while reading could push past the limit; the file never does
  return rows.slice(0, limit);
}

/** @throws export.too_large */
export function assertExportSize(total: number, limit = EXPORT_ROW_LIMIT): void {
  if (total > limit) throw new AppError("export.too_large", `共 ${total} 行，超过导出上限 ${limit} 行，请缩小筛选范围`, { total, limit });
}

/** Sends an .xlsx as a download named in Chinese (RFC 5987), with an ASCII fallback name. */
export function sendXlsx(reply: FastifyReply, buf: Buffer, name: string) {
  return reply
    .header("content-type", XLSX_MIME)
    .header("cache-control", "no-store")
    .header("content-disposition", `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}.xlsx`)
    .send(buf);
}

/** The filters of an export as the audit entry keeps them (paging is not a filter). */
export function filtersOf(q: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(q).filter(([k, v]) => v !== undefined && k !== "page" && k !== "pageSize"));
}

const chinaTime = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false });
/** 2026-03-16 09:00, China Standard Time: what a reader of the sheet expects, not UTC */
export function chinaDateTime(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const p = Object.fromEntries(chinaTime.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour === "24" ? "00" : p.hour}:${p.minute}`;
}
