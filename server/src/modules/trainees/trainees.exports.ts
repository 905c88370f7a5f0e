import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { educationCodes, listPersonsQuery, type PersonView } from "../../../../shared/src/contracts/trainees.ts";
import { audit } from "../../platform/audit/audit.ts";
import type { Ctx } from "../../platform/context.ts";
import { chinaDateTime, collectPages, type ExportColumn, filtersOf, sendXlsx, writeXlsx } from "../../platform/spreadsheet/index.ts";
import { categoryNames } from "./trainees.rules.ts";
import { listPersons, type TraineesDeps } from "./trainees.service.ts";
import { registryTemplate, rosterTemplate } from "./trainees.templates.ts";

const exportQuery = listPersonsQuery.omit({ page: true, pageSize: true });
type ExportQuery = ReturnType<typeof exportQuery.parse>;
const categoryLabel = new Map(Object.entries(categoryNames).map(([name, code]) => [code, name]));
const GENDER = { male: "男", female: "女" } as const;

/**
 * 学员名单 as the list shows it: the list's own service (scope, filters, masking — a masked ID, the
 * birth year, no household code without person.view_id), audited with the filters and the row count.
 * @throws export.too_large
 */
export async function exportPersons(deps: TraineesDeps, ctx: Ctx, q: ExportQuery): Promise<Buffer> {
  const rows = await collectPages((page, pageSize) => listPersons(deps, ctx, { ...q, page, pageSize }));
  const cols: ExportColumn<PersonView>[] = [
    { header: "姓名", value: (p) => p.name },
    { header: "身份证号（脱敏）", width: 22, value: (p) => p.idNumberMasked },
    { header: "性别", value: (p) => GENDER[p.gender] },
    { header: "出生年份", value: (p) => p.birthYear },
    { header: "手机号", width: 14, value: (p) => p.phone },
    { header: "居住地", value: (p) => `${p.residenceRegionName}（${p.residenceRegionCode}）` },
    { header: "户籍地区划代码", value: (p) => p.householdRegionCode },
    { header: "文化程度", value: (p) => (p.education ? (educationCodes[p.education as keyof typeof educationCodes] ?? p.education) : null) },
    { header: "工作单位", width: 24, value: (p) => p.employerName },
    { header: "主要人员类别", width: 20, value: (p) => (p.primaryCategory ? (categoryLabel.get(p.primaryCategory as never) ?? p.primaryCategory) : null) },
    { header: "开通本人账号", value: (p) => (p.hasAccount ? "是" : "否") },
    { header: "登记时间", width: 18, value: (p) => chinaDateTime(p.createdAt) },
  ];
  const file = await writeXlsx("学员名单", cols, rows);
  await deps.db.transaction((tx) =>
    audit(tx, ctx, deps.clock, { action: "person.exported", entityType: "person", regionCode: ctx.actor.regionCode, after: { filters: filtersOf(q), rows: rows.length } }),
  );
  return file;
}

/** Export and template routes of the trainees module (kept here so the routes file only gains one line). */
export function registerTraineeExports(fastify: FastifyInstance, deps: TraineesDeps): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    "/api/persons/export",
    { config: { access: "person.read" }, schema: { tags: ["trainees"], summary: "导出学员名单 (.xlsx，与列表同范围、同脱敏；记录审计日志)", querystring: exportQuery } },
    async (req, reply) => sendXlsx(reply, await exportPersons(deps, req.ctx, req.query), "学员名单"),
  );
  app.get("/api/trainee-imports/template", { config: { access: "person.import" }, schema: { tags: ["trainees"], summary: "学员花名册导入模板 (.xlsx)" } }, async (_req, reply) =>
    sendXlsx(reply, await rosterTemplate(), "学员花名册导入模板"),
  );
  app.get("/api/registry-imports/template", { config: { access: "person.import" }, schema: { tags: ["trainees"], summary: "名册比对导入模板 (.xlsx)" } }, async (_req, reply) =>
    sendXlsx(reply, await registryTemplate(), "名册比对导入模板"),
  );
}
