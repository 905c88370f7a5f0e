export { type ColumnSpec, parseCsv, type ReadRow, type ReadTable, type RowProblem, readTable, yieldToEventLoop } from "./read.ts";
export { type ExportColumn, writeXlsx, XLSX_MIME } from "./write.ts";
