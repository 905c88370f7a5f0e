import { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import ExcelJS from "exceljs";
import { AppError } from "../http/errors.ts";
import { inspectXlsx, type ZipLimits } from "./zip.ts";

/** One problem in an uploaded table: row number as the user sees it in Excel (header = 1). */
export interface RowProblem {
  row: number;
  column: string | null;
  code: string;
  message: string;
}

export interface ColumnSpec {
  key: string;
  /** header texts accepted for this column (Chinese first); matched after trimming */
  headers: string[];
  required?: boolean;
}

export interface ReadRow {
  row: number;
  values: Record<string, string | null>;
}

export interface ReadTable {
  rows: ReadRow[];
  /** cell-level problems found while reading (formulas, merged cells, long numbers) */
  problems: RowProblem[];
}

export interface ReadOptions {
  columns: ColumnSpec[];
  maxRows: number;
  /** bytes */
  maxBytes?: number;
  /** overrides of the unpacked-size limits derived from maxRows (tests) */
  zipLimits?: Partial<ZipLimits>;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(buf: Buffer, magic: number[]): boolean {
  return magic.every((b, i) => buf[i] === b);
}

/**
 * Reads an uploaded .xlsx or .csv into rows keyed by column. File-level problems (wrong type,
 * broken file, too large, missing required columns) throw `import.bad_file`/`import.too_large`/
 * `import.missing_columns`; cell-level problems are returned with row and column.
 */
export async function readTable(buf: Buffer, filename: string, opts: ReadOptions): Promise<ReadTable> {
  const maxBytes = opts.maxBytes ?? 30 * 1024 * 1024;
  if (buf.length === 0) throw new AppError("import.bad_file", "文件为空");
  if (buf.length > maxBytes) throw new AppError("import.too_large", `文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB`);
  const lower = filename.toLowerCase();
  if (startsWith(buf, OLE_MAGIC) || lower.endsWith(".xls")) {
    throw new AppError("import.bad_file", "不支持旧版 .xls 文件，请另存为 .xlsx 或 .csv 后上传");
  }
  if (startsWith(buf, ZIP_MAGIC)) return readXlsx(buf, opts);
  if (lower.endsWith(".xlsx")) throw new AppError("import.bad_file", "文件不是有效的 .xlsx（已损坏或扩展名不符）");
  if (!lower.endsWith(".csv") && !lower.endsWith(".txt")) throw new AppError("import.bad_file", "只接受 .xlsx 或 .csv 文件");
  return readCsv(decodeText(buf), opts);
}

/** UTF-8 (with or without BOM), else GB18030 — what Excel in Chinese saves as "CSV". */
export function decodeText(buf: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(buf);
  } catch {
    try {
      return new TextDecoder("gb18030", { fatal: true }).decode(buf);
    } catch {
      throw new AppError("import.bad_file", "无法识别文件编码，请使用 UTF-8 或 GBK 编码的 CSV");
    }
  }
}

function mapHeaders(headerCells: string[], opts: ReadOptions): Map<number, ColumnSpec> {
  const byIndex = new Map<number, ColumnSpec>();
  const seen = new Set<string>();
  headerCells.forEach((h, i) => {
    const text = h.trim();
    const spec = opts.columns.find((c) => c.headers.includes(text) || c.key === text);
    if (spec && !seen.has(spec.key)) {
      byIndex.set(i, spec);
      seen.add(spec.key);
    }
  });
  const missing = opts.columns.filter((c) => c.required && !seen.has(c.key));
  if (missing.length) {
    throw new AppError("import.missing_columns", `缺少必需的列：${missing.map((c) => c.headers[0]).join("、")}`, {
      missing: missing.map((c) => c.headers[0]),
    });
  }
  return byIndex;
}

function tooMany(opts: ReadOptions): AppError {
  return new AppError("import.too_large", `数据行数超过上限 ${opts.maxRows} 行，请拆分文件`);
}

/** Rows between two turns of the event loop, so other requests are answered while a big file reads. */
const YIELD_EVERY = 500;
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** What one .xlsx may unpack to, scaled by the row limit (an honest row is well under 2 KB of XML). */
function zipLimits(opts: ReadOptions) {
  const sheet = Math.min(512 * 1024 * 1024, 16 * 1024 * 1024 + opts.maxRows * 2048);
  return {
    maxSheetBytes: sheet,
    maxSharedStringsBytes: Math.min(256 * 1024 * 1024, 8 * 1024 * 1024 + opts.maxRows * 1024),
    maxTotalBytes: sheet + 64 * 1024 * 1024,
    maxRows: opts.maxRows,
    ...opts.zipLimits,
  };
}

type EntryReader = (entry: NodeJS.ReadableStream, ...rest: unknown[]) => unknown;
type SheetReader = (chunks: AsyncIterable<Buffer | string>, sheetNo: string) => unknown;

/** Chunks of UTF-8 as text, a character split across two chunks joined again. */
async function* utf8Text(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  for await (const c of chunks) yield typeof c === "string" ? c : decoder.write(c);
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * exceljs 4.4's streaming reader decodes each inflated chunk (16 KB) of an entry's XML on its own
 * (utils/parse-sax.js), so a Chinese character whose three bytes straddle two chunks became "��":
 * about one name in a few hundred of a roster was stored mangled (exceljs issues #2063, #2084,
 * #2316, unfixed upstream). Its parser passes strings through untouched, so the entries are handed
 * over as text decoded across chunk boundaries: the shared strings, styles, workbook and relations
 * entries (setEncoding, before they are read) and each sheet (a decoding iterator).
 */
function decodeWholeCharacters(reader: InstanceType<typeof ExcelJS.stream.xlsx.WorkbookReader>): void {
  const r = reader as unknown as Record<string, EntryReader | SheetReader>;
  for (const m of ["_parseSharedStrings", "_parseStyles", "_parseWorkbook", "_parseRels"]) {
    const original = r[m] as EntryReader | undefined;
    if (typeof original !== "function") throw new Error(`exceljs changed: WorkbookReader.${m} is gone (see decodeWholeCharacters)`);
    r[m] = function (this: unknown, entry, ...rest) {
      entry.setEncoding("utf8");
      return original.call(this, entry, ...rest);
    } as EntryReader;
  }
  const sheet = r._parseWorksheet as SheetReader | undefined;
  if (typeof sheet !== "function") throw new Error("exceljs changed: WorkbookReader._parseWorksheet is gone (see decodeWholeCharacters)");
  r._parseWorksheet = function (this: unknown, chunks, sheetNo) {
    return sheet.call(this, utf8Text(chunks), sheetNo);
  } as SheetReader;
}

/**
 * Checks the zip before unpacking (sizes, ratio, hidden entries, row count), then streams the
 * first sheet row by row: memory holds the rows read so far and the shared strings, never the
 * whole workbook model. Stops as soon as the row limit is passed.
 */
async function readXlsx(buf: Buffer, opts: ReadOptions): Promise<ReadTable> {
  const facts = await inspectXlsx(buf, zipLimits(opts));
  const merges = facts.firstSheetPath ? (facts.merges.get(facts.firstSheetPath) ?? []) : [...facts.merges.values()][0] ?? [];
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([facts.ordered]), {
    worksheets: "emit",
    sharedStrings: "cache",
    // styles tell which numbers are dates
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  decodeWholeCharacters(reader);
  // strings inline in the sheet: an empty cache lets the reader take the sheet as it comes (see streamingOrder)
  if (!facts.hasSharedStrings) (reader as unknown as { sharedStrings?: string[] }).sharedStrings = [];
  let byIndex: Map<number, ColumnSpec> | null = null;
  const rows: ReadRow[] = [];
  const problems: RowProblem[] = [];
  let dataRows = 0;
  let seen = 0;
  try {
    for await (const ws of reader) {
      const name = (ws as unknown as { name?: string }).name;
      if (facts.firstSheetName && name !== undefined && name !== facts.firstSheetName) continue;
      for await (const row of ws) {
        if (++seen % YIELD_EVERY === 0) await yieldToEventLoop();
        if (!row.hasValues) continue;
        if (!byIndex) {
          const headerCells: string[] = [];
          for (let c = 1; c <= row.cellCount; c++) headerCells.push(cellText(row.getCell(c)).text ?? "");
          byIndex = mapHeaders(headerCells, opts);
          continue;
        }
        if (++dataRows > opts.maxRows) throw tooMany(opts);
        const rowNumber = row.number;
        const values: Record<string, string | null> = {};
        let any = false;
        for (const [i, spec] of byIndex) {
          const cell = row.getCell(i + 1);
          const label = spec.headers[0]!;
          if (isMergedSlave(merges, rowNumber, i + 1)) {
            problems.push({ row: rowNumber, column: label, code: "merged_cell", message: "不允许合并单元格，请拆分后逐行填写" });
          }
          const { text, problem } = cellText(cell);
          if (problem) problems.push({ row: rowNumber, column: label, code: problem.code, message: problem.message });
          values[spec.key] = text;
          if (text !== null) any = true;
        }
        if (any) rows.push({ row: rowNumber, values });
      }
      break;
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError("import.bad_file", "文件不是有效的 .xlsx（已损坏或格式不符）");
  }
  if (!byIndex) throw new AppError("import.bad_file", "工作表为空");
  return { rows, problems };
}

/** A cell covered by a merged range but not its top-left one (its value is lost in the merge). */
function isMergedSlave(merges: [number, number, number, number][], row: number, col: number): boolean {
  return merges.some(([top, left, bottom, right]) => row >= top && row <= bottom && col >= left && col <= right && !(row === top && col === left));
}

function cellText(cell: ExcelJS.Cell): { text: string | null; problem?: { code: string; message: string } } {
  const v = cell.value;
  if (v === null || v === undefined) return { text: null };
  if (typeof v === "object" && v !== null && ("formula" in v || "sharedFormula" in v)) {
    return { text: null, problem: { code: "formula", message: "不允许使用公式，请粘贴为数值" } };
  }
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v) && Number.isInteger(v)) {
      return { text: null, problem: { code: "number_too_long", message: "数字过长已丢失精度（如身份证号），请将该列设置为文本格式后重新填写" } };
    }
    return { text: String(v) };
  }
  if (typeof v === "string") return { text: v.trim() === "" ? null : v.trim() };
  if (typeof v === "boolean") return { text: v ? "是" : "否" };
  if (v instanceof Date) return { text: v.toISOString().slice(0, 10) };
  if (typeof v === "object" && "richText" in v) {
    const t = v.richText.map((r) => r.text).join("").trim();
    return { text: t === "" ? null : t };
  }
  if (typeof v === "object" && "text" in v) return { text: String(v.text).trim() || null };
  if (typeof v === "object" && "error" in v) return { text: null, problem: { code: "cell_error", message: `单元格错误值 ${String(v.error)}` } };
  return { text: String(v) };
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  return [...csvRows(text)];
}

/** The same parser, one row at a time, so a reader can stop at its row limit and yield between rows. */
function* csvRows(text: string): Generator<string[]> {
  let row: string[] = [];
  let cur = "";
  let quoted = false;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cur);
      cur = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && s[i + 1] === "\n") i++;
      row.push(cur);
      yield row;
      row = [];
      cur = "";
    } else cur += c;
  }
  if (quoted) throw new AppError("import.bad_file", "CSV 文件中的引号未闭合");
  if (cur !== "" || row.length) {
    row.push(cur);
    yield row;
  }
}

async function readCsv(text: string, opts: ReadOptions): Promise<ReadTable> {
  let byIndex: Map<number, ColumnSpec> | null = null;
  const rows: ReadRow[] = [];
  const problems: RowProblem[] = [];
  let rowNumber = 0;
  for (const cells of csvRows(text)) {
    rowNumber++;
    if (rowNumber % YIELD_EVERY === 0) await yieldToEventLoop();
    if (!byIndex) {
      byIndex = mapHeaders(cells, opts);
      continue;
    }
    if (rowNumber - 1 > opts.maxRows) throw tooMany(opts);
    const values: Record<string, string | null> = {};
    let any = false;
    for (const [idx, spec] of byIndex) {
      const raw = (cells[idx] ?? "").trim();
      if (raw.startsWith("=") && raw.length > 1) {
        problems.push({ row: rowNumber, column: spec.headers[0]!, code: "formula", message: "不允许使用公式" });
        values[spec.key] = null;
        continue;
      }
      values[spec.key] = raw === "" ? null : raw;
      if (raw !== "") any = true;
    }
    if (any) rows.push({ row: rowNumber, values });
  }
  if (!byIndex) throw new AppError("import.bad_file", "文件为空");
  return { rows, problems };
}
