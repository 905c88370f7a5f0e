import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { readTable } from "./read.ts";

/**
 * Chinese text survives the streaming reader however the XML falls into chunks. The entries inflate
 * in 16 KB pieces; with names of different lengths, some three-byte character of this many rows
 * straddles a piece boundary, in the shared strings (names written by Excel) and in the sheet
 * itself (inline strings, as exceljs writes a streamed workbook).
 */
const names = Array.from({ length: 2_000 }, (_, i) => `${"张王李赵".repeat(1 + (i % 3))}断电${i}号`);
const columns = [{ key: "name", headers: ["姓名"], required: true }];

async function sharedStringsWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("花名册");
  ws.addRow(["姓名"]);
  for (const n of names) ws.addRow([n]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function inlineStringsWorkbook(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const { PassThrough } = await import("node:stream");
  const out = new PassThrough();
  out.on("data", (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
  const ws = wb.addWorksheet("花名册");
  ws.addRow(["姓名"]).commit();
  for (const n of names) ws.addRow([n]).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

describe("reading Chinese text from .xlsx", () => {
  it.each([
    ["shared strings", sharedStringsWorkbook],
    ["inline strings", inlineStringsWorkbook],
  ])("no character is broken at a chunk boundary (%s)", async (_kind, make) => {
    const table = await readTable(await make(), "roster.xlsx", { columns, maxRows: 5_000 });
    const read = table.rows.map((r) => r.values.name);
    expect(read.filter((n) => n?.includes("\uFFFD"))).toEqual([]);
    expect(read).toEqual(names);
  });
});
