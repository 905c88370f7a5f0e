export { type ColumnSpec, parseCsv, type ReadRow, type ReadTable, type RowProblem, readTable } from "./read.ts";
export { type ExportColumn, writeXlsx, XLSX_MIME } from "./write.ts";
