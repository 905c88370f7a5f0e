import type { FastifyInstance } from "fastify";
import { sendXlsx } from "../../platform/spreadsheet/index.ts";
import { itemTemplate, occupationTemplate, standardTemplate } from "./catalogue.templates.ts";

/** Import templates beside each catalogue import, under the same permission as the import. */
export function registerCatalogueTemplates(app: FastifyInstance): void {
  app.get("/api/occupations/import-template", { config: { access: "occupation.manage" }, schema: { tags: ["catalogue"], summary: "职业目录导入模板 (.xlsx)" } }, async (_req, reply) =>
    sendXlsx(reply, await occupationTemplate(), "职业目录导入模板"),
  );
  app.get("/api/catalogue/items/import-template", { config: { access: "catalogue.manage" }, schema: { tags: ["catalogue"], summary: "培训项目导入模板 (.xlsx)" } }, async (_req, reply) =>
    sendXlsx(reply, await itemTemplate(), "培训项目导入模板"),
  );
  app.get("/api/standards/import-template", { config: { access: "standard.manage" }, schema: { tags: ["catalogue"], summary: "补贴标准导入模板 (.xlsx)" } }, async (_req, reply) =>
    sendXlsx(reply, await standardTemplate(), "补贴标准导入模板"),
  );
}
