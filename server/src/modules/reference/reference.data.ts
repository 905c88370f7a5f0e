/**
 * Reference data from the plan (../shared/mission/PLAN.md) and DOMAIN.md. Loaded by an idempotent
 * seed at every start; edits here reach existing databases on the next start.
 */
export const departmentsData = [
  ["hrss", "吉林省人力资源和社会保障厅", "省人社厅"],
  ["edu", "吉林省教育厅", "省教育厅"],
  ["miit", "吉林省工业和信息化厅", "省工信厅"],
  ["housing", "吉林省住房和城乡建设厅", "省住建厅"],
  ["sasac", "吉林省人民政府国有资产监督管理委员会", "省国资委"],
  ["union", "吉林省总工会", "省总工会"],
  ["emergency", "吉林省应急管理厅", "省应急厅"],
  ["civil", "吉林省民政厅", "省民政厅"],
  ["commerce", "吉林省商务厅", "省商务厅"],
  ["agri", "吉林省农业农村厅", "省农业农村厅"],
  ["women", "吉林省妇女联合会", "省妇联"],
  ["fic", "吉林省工商业联合会", "省工商联"],
  ["disabled", "吉林省残疾人联合会", "省残联"],
  ["veterans", "吉林省退役军人事务厅", "省退役军人厅"],
  ["culture", "吉林省文化和旅游厅", "省文化和旅游厅"],
  ["justice", "吉林省司法厅", "省司法厅"],
  ["finance", "吉林省财政厅", "省财政厅"],
] as const;

interface ProgramSeed {
  code: string;
  section: string;
  name: string;
  lead: string[];
  target?: { count: number; unit: "person_times_per_year" | "persons_total"; note: string };
}

export const programsData: ProgramSeed[] = [
  { code: "E1", section: "企业职工培训", name: "职工技能提升和转岗转业培训", lead: ["hrss", "miit", "edu", "housing", "sasac", "union"] },
  { code: "E2", section: "企业职工培训", name: "技师培训项目", lead: ["hrss"] },
  { code: "E3", section: "企业职工培训", name: "高危行业领域安全技能提升行动", lead: ["emergency"] },
  { code: "E4", section: "企业职工培训", name: "展翅行动（参保企业职工）", lead: ["hrss"] },
  { code: "E5", section: "企业职工培训", name: "企业新型学徒制", lead: ["hrss"], target: { count: 20000, unit: "persons_total", note: "3 年培训学徒 2 万人" } },
  { code: "E6", section: "企业职工培训", name: "职业院校现代学徒制", lead: ["edu"] },
  { code: "K1", section: "就业重点群体培训", name: "重点群体就业技能、技能提升和创业培训", lead: ["hrss", "edu", "miit", "civil", "commerce", "agri", "women", "fic", "disabled"] },
  { code: "K2", section: "就业重点群体培训", name: "劳动预备制培训（两后生）", lead: ["hrss"] },
  { code: "K3", section: "就业重点群体培训", name: "退役军人职业技能培训", lead: ["veterans"] },
  { code: "K4", section: "就业重点群体培训", name: "残疾人职业技能培训", lead: ["disabled"], target: { count: 20000, unit: "person_times_per_year", note: "每年约 2 万人次" } },
  { code: "K5", section: "就业重点群体培训", name: "新型职业农民培训", lead: ["agri"], target: { count: 30000, unit: "person_times_per_year", note: "每年约 3 万人次" } },
  { code: "B1", section: "吉林品牌特色培训", name: "“吉林三姐”培训（大姐、巧姐、网姐）", lead: ["women"] },
  { code: "B2", section: "吉林品牌特色培训", name: "“吉林农技工”培训", lead: ["hrss"] },
  { code: "B3", section: "吉林品牌特色培训", name: "冰雪文化旅游培训", lead: ["culture"] },
  { code: "B4", section: "吉林品牌特色培训", name: "电子商务、家政服务、境外就业培训", lead: ["commerce"] },
  { code: "B5", section: "吉林品牌特色培训", name: "特殊群体（服刑人员、刑满释放人员）培训", lead: ["justice"] },
];

export const refCodesData: Record<string, [code: string, name: string, note?: string][]> = {
  trainee_category: [
    ["poor_labor", "贫困劳动力"],
    ["poor_family_child", "贫困家庭子女"],
    ["two_after", "两后生"],
    ["rural_migrant", "农村转移就业劳动者"],
    ["urban_unemployed", "城镇登记失业人员"],
    ["laid_off", "下岗失业人员和转岗职工"],
    ["veteran", "退役军人"],
    ["disabled", "残疾人"],
    ["new_farmer", "新型职业农民"],
    ["graduate", "高校毕业生"],
    ["employee", "企业职工"],
    ["prisoner", "罪犯和刑满释放人员"],
  ],
  training_type: [
    ["employment", "就业技能培训"],
    ["upgrading", "岗位技能提升培训"],
    ["entrepreneurship", "创业培训"],
    ["apprenticeship", "新型学徒制培训"],
    ["safety", "安全技能培训"],
    ["transfer", "转岗转业培训"],
    ["labor_prep", "劳动预备制培训"],
    ["technician", "技师培训"],
  ],
  skill_level: [
    ["5", "五级/初级工"],
    ["4", "四级/中级工"],
    ["3", "三级/高级工"],
    ["2", "二级/技师"],
    ["1", "一级/高级技师"],
  ],
  certificate_type: [
    ["vocational_qualification", "职业资格证书"],
    ["skill_level", "职业技能等级证书"],
    ["special_ability", "专项职业能力证书"],
    ["training_completion", "培训合格证书", "不享受鉴定评价补贴"],
    ["special_operation", "特种作业操作证"],
  ],
  industry: [
    ["auto", "汽车", "传统支柱产业"],
    ["petrochem", "石化", "传统支柱产业"],
    ["agri_processing", "农产品加工", "传统支柱产业"],
    ["advanced_equipment", "先进装备制造", "新兴支柱产业"],
    ["medicine_health", "医药健康", "新兴支柱产业"],
    ["culture_tourism", "文化旅游", "新兴支柱产业"],
    ["strategic_emerging", "战略性新兴产业"],
    ["modern_services", "现代服务业"],
  ],
};

export const reportingUnitsData = [
  {
    code: "CBS",
    name: "长白山管委会",
    parentCode: "220000",
    covers: ["220621", "220623", "222426"],
    note: "无独立行政区划代码；管辖池北、池西、池南等区域，分属抚松县、长白县、安图县。覆盖范围由省级管理员维护。",
  },
  {
    code: "CCXQ",
    name: "长春新区管委会",
    parentCode: "220100",
    covers: ["220103", "220104", "220113", "220183"],
    note: "无独立行政区划代码；由宽城区、朝阳区、九台区、德惠市的部分区域组成。覆盖范围由省级管理员维护。",
  },
];
