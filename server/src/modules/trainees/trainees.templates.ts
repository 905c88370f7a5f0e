import { writeTemplate } from "../../platform/spreadsheet/index.ts";
import { rosterColumns } from "./trainees.import-rows.ts";
import { registryColumns } from "./trainees.registry.ts";

/** a made-up number with a valid check digit, so the example row passes a dry run as it is */
const EXAMPLE_ID = "220102199003071235";
const NOTES = ["第一行为列名，请勿修改；第二行为示例（虚构），导入前请删除或改为真实数据。", "上传后先“检查文件”，列出每一行的问题；没有问题时才能确认导入。"];

/** 学员花名册 template: the roster importer's headers, one example row, the notes sheet. */
export function rosterTemplate(): Promise<Buffer> {
  return writeTemplate({
    sheetName: "学员花名册",
    columns: rosterColumns,
    example: {
      idNumber: EXAMPLE_ID,
      name: "示例学员",
      gender: "男",
      birthDate: "1990-03-07",
      phone: "13900000000",
      householdRegionCode: "220102",
      residenceRegionCode: "南关区",
      education: "初中",
      employerName: "",
      employerCreditCode: "",
      category: "农村转移就业劳动者",
      evidenceType: "承诺书",
      evidenceRef: "CN-2026-0001",
      evidenceDate: "2026-01-05",
    },
    hints: {
      idNumber: "18 位公民身份号码（末位可为 X）",
      gender: "可不填，按身份证号判断；填写时须一致",
      householdRegionCode: "6 位区划代码（可为省外），或吉林省内地区名称",
      residenceRegionCode: "吉林省内 6 位区划代码（220102），或名称（南关区、长春市南关区）；重名时请填代码",
      category: "填写时须同时填写证明方式、编号和日期",
      evidenceType: "名册比对 或 承诺书",
      evidenceDate: "YYYY-MM-DD，不晚于今天",
    },
    notes: [...NOTES, "每个文件最多 100,000 行；同一身份证号在文件中只能出现一次。"],
  });
}

/** 名册比对 template: ID number + name of each person on a government registry list. */
export function registryTemplate(): Promise<Buffer> {
  return writeTemplate({
    sheetName: "名册",
    columns: registryColumns,
    example: { idNumber: EXAMPLE_ID, name: "示例学员" },
    hints: { idNumber: "18 位公民身份号码", name: "须与登记的姓名一致" },
    notes: [...NOTES, "名册名称和人员类别在上传时选择；只比对您管理范围内已登记的人员。"],
  });
}
