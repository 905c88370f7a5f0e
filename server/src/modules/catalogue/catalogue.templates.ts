import { writeTemplate } from "../../platform/spreadsheet/index.ts";
import { itemImport, occupationImport, standardImport } from "./catalogue.imports.ts";

const COMMON_NOTES = ["第一行为列名，请勿修改；第二行为示例，导入前请删除或改为真实数据。", "上传后先“检查文件”，列出每一行的问题；没有问题时才能确认导入。"];

/** 职业目录 template: the occupation importer's headers, one example row, the notes sheet. */
export function occupationTemplate(): Promise<Buffer> {
  return writeTemplate({
    sheetName: "职业目录",
    columns: occupationImport.columns,
    example: { edition: "2022", code: "6-18-01-01", name: "车工", digital: "否", green: "否", trades: "车工", note: "" },
    hints: { edition: "2015 或 2022", code: "格式 D-DD-DD-DD", digital: "是/否", green: "是/否", trades: "多个工种用顿号分隔" },
    notes: COMMON_NOTES,
  });
}

export function itemTemplate(): Promise<Buffer> {
  return writeTemplate({
    sheetName: "培训项目目录",
    columns: itemImport.columns,
    example: {
      code: "JL2026001",
      occupationCode: "6-18-01-01",
      edition: "2022",
      tradeName: "车工",
      projectName: "",
      trainingType: "就业技能培训",
      certificateTypes: "职业技能等级证书",
      skillLevels: "五级/初级工、四级/中级工",
      industryCode: "先进装备制造",
      programCodes: "K1",
      minHours: "40",
      maxHours: "120",
      theory: "30",
      practice: "50",
      modes: "线下",
      effectiveFrom: "2026-01-01",
      effectiveTo: "",
      note: "",
    },
    hints: {
      code: "1–32 位字母、数字、下划线或连字符；同一编号再次导入即更新",
      trainingType: "名称或代码，如 就业技能培训",
      certificateTypes: "多个用顿号分隔，如 职业技能等级证书、培训合格证书",
      skillLevels: "如 五级/初级工，多个用顿号分隔",
      programCodes: "计划项目代码，如 K1，多个用顿号分隔",
      modes: "线下、线上、线上线下结合",
      effectiveFrom: "YYYY-MM-DD",
    },
    notes: COMMON_NOTES,
  });
}

export function standardTemplate(): Promise<Buffer> {
  return writeTemplate({
    sheetName: "补贴标准",
    columns: standardImport.columns,
    example: {
      itemCode: "JL2026001",
      subsidyType: "培训补贴",
      regionCode: "长春市",
      certificateType: "职业技能等级证书",
      skillLevel: "四级/中级工",
      amount: "1200.00",
      shortage: "100",
      online: "100",
      blended: "100",
      effectiveFrom: "2026-01-01",
      effectiveTo: "",
      note: "",
    },
    hints: {
      regionCode: "6 位区划代码（220100），或吉林省内地区名称（长春市）；重名时请填代码",
      subsidyType: "培训补贴 或 评价补贴，不填为培训补贴；评价补贴不能用于培训合格证书，各系数须为 100",
      amount: "元，最多两位小数",
      shortage: "百分比，不填为 100",
    },
    notes: [...COMMON_NOTES, "只能导入本人管理范围内地区的标准。"],
  });
}
