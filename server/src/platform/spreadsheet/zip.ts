import { createInflateRaw } from "node:zlib";
import { AppError } from "../http/errors.ts";

/**
 * What an .xlsx may unpack to. A zip bomb is a few KB that inflates to gigabytes, so every limit
 * is checked on the central directory first (nothing inflated), then again while inflating each
 * entry to nowhere (a directory can lie about sizes): memory stays at one zlib window either way.
 */
export interface ZipLimits {
  /** sum of the declared uncompressed sizes of all entries */
  maxTotalBytes: number;
  /** one worksheet's XML */
  maxSheetBytes: number;
  /** the shared-strings table, which the reader keeps in memory */
  maxSharedStringsBytes: number;
  /** data rows (header excluded), as far as the sheet's <dimension> tells before reading */
  maxRows: number;
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** What the inspection learned about the workbook, for the streaming read that follows. */
export interface XlsxFacts {
  /** path of the workbook's first sheet, e.g. "xl/worksheets/sheet1.xml" */
  firstSheetPath: string | null;
  firstSheetName: string | null;
  /** merged ranges per worksheet path, as [top, left, bottom, right] (1-based) */
  merges: Map<string, [number, number, number, number][]>;
  /** the same zip with its entries in the order a streaming reader needs (see `streamingOrder`) */
  ordered: Buffer;
  hasSharedStrings: boolean;
}

const EOCD_SIG = 0x06054b50;
const CD_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const DESCRIPTOR_SIG = 0x08074b50;
/** Honest spreadsheets compress 5–50×; a ratio past this with more than a few MB is a bomb. */
const MAX_RATIO = 200;
const RATIO_FLOOR = 8 * 1024 * 1024;
const MAX_ENTRIES = 5000;
const MAX_MERGES = 20_000;

const broken = () => new AppError("import.bad_file", "文件不是有效的 .xlsx（已损坏或格式不符）");
const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

/** Reads the central directory: the list of entries with their declared sizes. Inflates nothing. */
export function centralDirectory(buf: Buffer): { entries: ZipEntry[]; cdOffset: number; eocd: number } {
  const min = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw broken();
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  // ZIP64 markers: no spreadsheet under the upload limit needs them, and they would hide sizes
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new AppError("import.bad_file", "不支持 ZIP64 格式的 .xlsx");
  if (count > MAX_ENTRIES) throw new AppError("import.too_large", `文件包含的部件过多（${count} 个）`);
  if (cdOffset + cdSize > eocd) throw broken();
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== CD_SIG) throw broken();
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const entry: ZipEntry = {
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString("utf8", p + 46, p + 46 + nameLen),
    };
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff || entry.localOffset === 0xffffffff) {
      throw new AppError("import.bad_file", "不支持 ZIP64 格式的 .xlsx");
    }
    entries.push(entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { entries, cdOffset, eocd };
}

/** Where an entry's compressed bytes start and end, checked against its local header. */
function dataRange(buf: Buffer, e: ZipEntry): { start: number; end: number } {
  const h = e.localOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== LOCAL_SIG) throw broken();
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const end = start + e.compressedSize;
  if (end > buf.length) throw broken();
  return { start, end };
}

/**
 * The streaming reader walks local headers front to back, so an entry hidden between the listed
 * ones (not in the directory, never size-checked) would be unpacked too. Require the listed
 * entries to tile the file exactly up to the directory.
 */
function requireContiguous(buf: Buffer, entries: ZipEntry[], cdOffset: number, ranges: Map<ZipEntry, { start: number; end: number }>): Map<ZipEntry, number> {
  const sorted = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  const spanEnd = new Map<ZipEntry, number>();
  let expected = 0;
  for (const e of sorted) {
    if (e.localOffset !== expected) throw broken();
    let next = ranges.get(e)!.end;
    if (e.flags & 0x08) {
      // data descriptor after the data: optional signature, crc, sizes (12 or 16 bytes)
      next += next + 4 <= buf.length && buf.readUInt32LE(next) === DESCRIPTOR_SIG ? 16 : 12;
    }
    spanEnd.set(e, next);
    expected = next;
  }
  if (expected !== cdOffset) throw broken();
  return spanEnd;
}

/** Where an entry goes for the streaming reader: relationships and the workbook, then the strings and styles, then everything else, the worksheets last. */
function streamRank(name: string): number {
  if (name === "xl/_rels/workbook.xml.rels") return 0;
  if (name === "xl/workbook.xml") return 1;
  if (name === "xl/sharedStrings.xml") return 2;
  if (name === "xl/styles.xml") return 3;
  if (isSheet(name)) return 5;
  return 4;
}

/**
 * The same zip with its entries moved into the order exceljs's streaming reader can follow. That
 * reader meets entries front to back; a worksheet met before the shared strings or the workbook is
 * spooled to a temporary file and read at the end, and on that path unzipper sometimes ends the
 * stream early and the later entries are lost: the reader then fails on a sound file. Excel writes
 * the shared strings after the sheets and exceljs writes its parts in whatever order they finish,
 * so both took that path. Entries are copied byte for byte (header, data, descriptor); only the
 * offsets in the central directory and its end record change. Call after `requireContiguous`.
 */
function streamingOrder(buf: Buffer, entries: ZipEntry[], cdOffset: number, eocd: number, spanEnd: Map<ZipEntry, number>): Buffer {
  const order = entries.map((e, i) => ({ e, i })).sort((a, b) => streamRank(a.e.name) - streamRank(b.e.name) || a.e.localOffset - b.e.localOffset);
  const parts: Buffer[] = [];
  const newOffset = new Map<ZipEntry, number>();
  let at = 0;
  for (const { e } of order) {
    newOffset.set(e, at);
    const span = buf.subarray(e.localOffset, spanEnd.get(e)!);
    parts.push(span);
    at += span.length;
  }
  const newCdOffset = at;
  // central directory records keep their order; each one's local header offset moves
  let p = cdOffset;
  for (const e of entries) {
    const len = 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const record = Buffer.from(buf.subarray(p, p + len));
    record.writeUInt32LE(newOffset.get(e)!, 42);
    parts.push(record);
    p += len;
  }
  // anything between the last record and the end record (never in an honest .xlsx) is dropped
  const tail = Buffer.from(buf.subarray(eocd));
  tail.writeUInt32LE(p - cdOffset, 12);
  tail.writeUInt32LE(newCdOffset, 16);
  parts.push(tail);
  return Buffer.concat(parts);
}

const isSheet = (name: string) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name);

/**
 * Checks an .xlsx before anything unpacks it: declared sizes and compression ratio from the
 * central directory, no hidden entries, then each entry inflated to a byte counter that stops at
 * its declared size. Also reads the first sheet's <dimension> (row count before the rows) and the
 * merged ranges, which the streaming reader does not report.
 * @throws import.too_large (sizes, ratio, rows), import.bad_file (broken, encrypted, lying sizes)
 */
export async function inspectXlsx(buf: Buffer, limits: ZipLimits): Promise<XlsxFacts> {
  const { entries, cdOffset, eocd } = centralDirectory(buf);
  let total = 0;
  for (const e of entries) {
    if (e.flags & 0x01) throw new AppError("import.bad_file", "文件已加密，请取消密码保护后上传");
    if (e.method !== 0 && e.method !== 8) throw broken();
    total += e.size;
    if (isSheet(e.name) && e.size > limits.maxSheetBytes) {
      throw new AppError("import.too_large", `工作表解压后超过 ${mb(limits.maxSheetBytes)}，请拆分文件`, { entry: e.name, bytes: e.size });
    }
    if (e.name === "xl/sharedStrings.xml" && e.size > limits.maxSharedStringsBytes) {
      throw new AppError("import.too_large", `文本内容解压后超过 ${mb(limits.maxSharedStringsBytes)}，请拆分文件`, { entry: e.name, bytes: e.size });
    }
  }
  if (total > limits.maxTotalBytes) throw new AppError("import.too_large", `文件解压后超过 ${mb(limits.maxTotalBytes)}，请拆分文件`, { bytes: total });
  if (total > RATIO_FLOOR && total > buf.length * MAX_RATIO) {
    throw new AppError("import.too_large", "文件压缩比异常（疑似压缩炸弹），已拒绝", { bytes: total, compressedBytes: buf.length });
  }
  const ranges = new Map(entries.map((e) => [e, dataRange(buf, e)]));
  const spanEnd = requireContiguous(buf, entries, cdOffset, ranges);

  const small = new Map<string, string>();
  const merges = new Map<string, [number, number, number, number][]>();
  for (const e of entries) {
    const { start, end } = ranges.get(e)!;
    const keepText = e.name === "xl/workbook.xml" || e.name === "xl/_rels/workbook.xml.rels";
    const sheet = isSheet(e.name);
    const scanner = sheet ? new SheetScanner(limits.maxRows) : null;
    const chunks: Buffer[] = [];
    await inflateCounted(buf.subarray(start, end), e, (chunk) => {
      if (keepText) chunks.push(chunk);
      scanner?.push(chunk);
    });
    if (keepText) small.set(e.name, Buffer.concat(chunks).toString("utf8"));
    if (scanner?.merges.length) merges.set(e.name, scanner.merges);
  }
  return {
    ...firstSheet(small.get("xl/workbook.xml"), small.get("xl/_rels/workbook.xml.rels")),
    merges,
    ordered: streamingOrder(buf, entries, cdOffset, eocd, spanEnd),
    hasSharedStrings: entries.some((e) => e.name === "xl/sharedStrings.xml"),
  };
}

/** Inflates (or copies) one entry chunk by chunk, failing as soon as it passes its declared size. */
function inflateCounted(data: Buffer, e: ZipEntry, onChunk: (c: Buffer) => void): Promise<void> {
  if (e.method === 0) {
    if (data.length !== e.size) return Promise.reject(broken());
    onChunk(data);
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const z = createInflateRaw();
    let seen = 0;
    let failed = false;
    const fail = (err: AppError) => {
      if (failed) return;
      failed = true;
      z.destroy();
      reject(err);
    };
    z.on("data", (c: Buffer) => {
      seen += c.length;
      if (seen > e.size) return fail(new AppError("import.bad_file", "文件内容与其目录记录的大小不符（疑似压缩炸弹），已拒绝"));
      try {
        onChunk(c);
      } catch (err) {
        fail(err instanceof AppError ? err : broken());
      }
    });
    z.on("error", () => fail(broken()));
    z.on("end", () => {
      if (failed) return;
      if (seen !== e.size) return fail(broken());
      resolve();
    });
    z.end(data);
  });
}

/** Finds <dimension> and <mergeCell> in a sheet's XML as it streams past, keeping only a short tail. */
class SheetScanner {
  readonly merges: [number, number, number, number][] = [];
  private tail = "";
  private sawDimension = false;
  constructor(private readonly maxRows: number) {}

  push(chunk: Buffer): void {
    const text = this.tail + chunk.toString("latin1");
    let consumed = 0;
    if (!this.sawDimension) {
      const d = /<(?:\w+:)?dimension\s+ref="[A-Z]+(\d+)(?::[A-Z]+(\d+))?"/.exec(text);
      if (d) {
        this.sawDimension = true;
        const last = Number(d[2] ?? d[1]);
        if (last - 1 > this.maxRows) throw new AppError("import.too_large", `数据行数超过上限 ${this.maxRows} 行，请拆分文件`);
      } else if (/<(?:\w+:)?sheetData[\s>]/.test(text)) this.sawDimension = true;
    }
    const re = /<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (this.merges.length >= MAX_MERGES) throw new AppError("import.bad_file", "合并单元格过多，请取消合并后上传");
      this.merges.push([Number(m[2]), columnNumber(m[1]!), Number(m[4]), columnNumber(m[3]!)]);
      consumed = re.lastIndex;
    }
    this.tail = text.slice(Math.max(consumed, text.length - 256));
  }
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function firstSheet(workbookXml: string | undefined, relsXml: string | undefined): Pick<XlsxFacts, "firstSheetPath" | "firstSheetName"> {
  const sheet = workbookXml && /<(?:\w+:)?sheet\s[^>]*>/.exec(workbookXml)?.[0];
  if (!sheet || !relsXml) return { firstSheetPath: null, firstSheetName: null };
  const name = /\sname="([^"]*)"/.exec(sheet)?.[1] ?? null;
  const rid = /\s(?:\w+:)?id="([^"]*)"/.exec(sheet)?.[1];
  const rel = rid ? [...relsXml.matchAll(/<Relationship\s[^>]*>/g)].map((m) => m[0]).find((r) => r.includes(`Id="${rid}"`)) : undefined;
  const target = rel && /Target="([^"]*)"/.exec(rel)?.[1];
  const path = target ? (target.startsWith("/") ? target.slice(1) : `xl/${target}`) : null;
  return { firstSheetPath: path, firstSheetName: name && decodeXml(name) };
}

function decodeXml(s: string): string {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
}
