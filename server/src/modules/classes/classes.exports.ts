import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { listClassesQuery } from "../../../../shared/src/contracts/classes.ts";
import { uuid } from "../../../../shared/src/contracts/common.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import { codeNames } from "../reference/index.ts";
import { collectPages, type ExportColumn, sendXlsx, writeXlsx } from "../../platform/spreadsheet/index.ts";
import { readAll } from "../../platform/db/reads.ts";
import { listCertificates } from "./classes.results.ts";
import { classStatusLabels } from "./classes.rules.ts";
import { getClass, listClasses } from "./classes.service.ts";

const exportQuery = listClassesQuery.omit({ page: true, pageSize: true });
type ExportQuery = ReturnType<typeof exportQuery.parse>;
type ClassRow = Awaited<ReturnType<typeof listClasses>>["items"][number];

const label = (names: ReadonlyMap<string, string>, v: string | null) => (v ? (names.get(v) ?? v) : null);

/** certificate types and skill levels named from the reference code lists, as the console names them */
async function certificateNames(deps: Deps) {
  const [types, levels] = await readAll(deps.db, [() => codeNames(deps, "certificate_type"), () => codeNames(deps, "skill_level")]);
  return { types, levels };
}

/** 培训班列表 through the list's own service: same scope, same filters. @throws export.too_large */
export async function exportClasses(deps: Deps, ctx: Ctx, q: ExportQuery): Promise<Buffer> {
  const rows = await collectPages((page, pageSize) => listClasses(deps, ctx, { ...q, page, pageSize }));
  const names = await certificateNames(deps);
  const cols: ExportColumn<ClassRow>[] = [
    { header: "班级编号", width: 18, value: (c) => c.code },
    { header: "班级名称", width: 28, value: (c) => c.title },
    { header: "状态", value: (c) => classStatusLabels[c.status] },
    { header: "培训机构", width: 28, value: (c) => c.institutionName },
    { header: "地区代码", value: (c) => c.regionCode },
    { header: "计划项目", value: (c) => c.programCode },
    { header: "职业（工种）", width: 16, value: (c) => c.occupationName },
    { header: "证书类型", width: 18, value: (c) => label(names.types, c.certificateType) },
    { header: "技能等级", width: 14, value: (c) => label(names.levels, c.skillLevel) },
    { header: "开班日期", width: 12, value: (c) => c.startDate },
    { header: "结业日期", width: 12, value: (c) => c.endDate },
    { header: "计划人数", value: (c) => c.capacity },
    { header: "在册人数", value: (c) => c.enrolled },
  ];
  return writeXlsx("培训班", cols, rows);
}

/**
 * A class's certificates, with each holder's masked ID from the class roster the class page shows.
 * @throws class.not_found (out of scope)
 */
export async function exportCertificates(deps: Deps, ctx: Ctx, classId: string): Promise<{ file: Buffer; name: string }> {
  const klass = await getClass(deps, ctx, classId);
  const { items } = await listCertificates(deps, ctx, classId);
  const masked = new Map(klass.roster.map((r) => [r.personId, r.idNumberMasked]));
  const names = await certificateNames(deps);
  type Cert = (typeof items)[number];
  const cols: ExportColumn<Cert>[] = [
    { header: "班级编号", width: 18, value: () => klass.code },
    { header: "证书编号", width: 20, value: (c) => c.number },
    { header: "姓名", value: (c) => c.name },
    { header: "身份证号（脱敏）", width: 22, value: (c) => masked.get(c.personId) },
    { header: "证书类型", width: 18, value: (c) => label(names.types, c.type) },
    { header: "技能等级", width: 14, value: (c) => label(names.levels, c.level) },
    { header: "发证日期", width: 12, value: (c) => c.issueDate },
    { header: "状态", value: (c) => (c.status === "valid" ? "有效" : "已撤销") },
    { header: "撤销原因", width: 24, value: (c) => c.revokedReason },
  ];
  return { file: await writeXlsx("证书", cols, items), name: `${klass.code} 证书` };
}

/** Export routes of the classes module (kept here so the routes file only gains one line). */
export function registerClassExports(fastify: FastifyInstance, deps: Deps): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get("/api/classes/export", { config: { access: "class.read" }, schema: { tags: ["classes"], summary: "导出培训班列表 (.xlsx，与列表同范围、同筛选)", querystring: exportQuery } }, async (req, reply) =>
    sendXlsx(reply, await exportClasses(deps, req.ctx, req.query), "培训班"),
  );
  app.get(
    "/api/classes/:id/certificates/export",
    { config: { access: "class.read" }, schema: { tags: ["classes"], summary: "导出本班证书 (.xlsx)", params: z.strictObject({ id: uuid }) } },
    async (req, reply) => {
      const { file, name } = await exportCertificates(deps, req.ctx, req.params.id);
      return sendXlsx(reply, file, name);
    },
  );
}
