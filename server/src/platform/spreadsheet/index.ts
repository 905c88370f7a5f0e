export { type ColumnSpec, parseCsv, type ReadRow, type ReadTable, type RowProblem, readTable, yieldToEventLoop } from "./read.ts";
export { type ExportColumn, writeXlsx, XLSX_MIME } from "./write.ts";
export { assertExportSize, chinaDateTime, collectPages, EXPORT_ROW_LIMIT, filtersOf, type Page, sendXlsx } from "./export.ts";
export { type RegionEntry, type RegionResolver, regionResolver, resolveRegionCells } from "./regions.ts";
export { type TemplateSpec, writeTemplate } from "./template.ts";
