import type { FastifyInstance } from "fastify";
import { sendXlsx, writeTemplate } from "../../platform/spreadsheet/index.ts";
import { columns } from "./institutions.import.ts";

/** 培训机构 template: the institution importer's headers, one example row, the notes sheet. */
export function institutionTemplate(): Promise<Buffer> {
  return writeTemplate({
    sheetName: "培训机构",
    columns,
    example: {
      // made up, with a valid check character, so the example row passes a dry run as it is
      creditCode: "52220102MJ00000013",
      name: "长春市示例职业培训学校",
      type: "民办职业培训学校",
      role: "培训机构",
      regionCode: "南关区",
      address: "长春市南关区示例路 1 号",
      publicPhone: "0431-80000000",
      licenceNo: "122010200000001",
      licenceValidUntil: "2028-12-31",
      contactName: "张三",
      contactPhone: "13900000000",
      bankAccountName: "长春市示例职业培训学校",
      bankName: "中国工商银行长春南关支行",
      bankAccountNumber: "0000000000000000000",
    },
    hints: {
      creditCode: "18 位统一社会信用代码；已登记的机构不会被导入改动",
      type: "技工院校、职业院校、民办职业培训学校、企业培训中心、公共实训基地、企业、评价机构",
      role: "培训机构、评价机构 或 培训和评价",
      regionCode: "县（市、区）6 位代码（220102），或吉林省内名称（南关区、长春市南关区）；重名时请填代码",
      licenceValidUntil: "YYYY-MM-DD",
    },
    notes: ["第一行为列名，请勿修改；第二行为示例，导入前请删除或改为真实数据。", "上传后先“检查文件”，列出每一行的问题；没有问题时才能确认导入。"],
  });
}

/** The import template route, under the same permission as the import. */
export function registerInstitutionTemplate(app: FastifyInstance): void {
  app.get("/api/institutions/import-template", { config: { access: "institution.import" }, schema: { tags: ["institutions"], summary: "培训机构导入模板 (.xlsx)" } }, async (_req, reply) =>
    sendXlsx(reply, await institutionTemplate(), "培训机构导入模板"),
  );
}
