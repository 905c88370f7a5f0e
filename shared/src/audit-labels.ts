/**
 * The Chinese name of every action the server writes to the audit log (操作日志), and of every
 * object type. One map for the server (exports, if any) and the console; `audit-labels.test.ts`
 * fails when `server/src` audits an action that has no name here.
 */
export const auditActionLabels: Readonly<Record<string, string>> = {
  "auth.login": "登录",
  "auth.login_failed": "登录失败",
  "auth.locked": "账号锁定",
  "auth.logout": "退出登录",
  "auth.password_changed": "修改密码",

  "user.created": "创建用户",
  "user.updated": "修改用户",
  "user.password_reset": "重置密码",
  "user.unlocked": "解除锁定",

  "institution.registered": "机构注册",
  "institution.imported": "导入机构",
  "institution.updated": "修改机构信息",
  "institution.approve": "通过机构审核",
  "institution.return": "退回机构申请",
  "institution.resubmit": "重新提交机构申请",
  "institution.reinstate": "恢复机构资格",
  "institution.renew": "续签协议",
  "institution.withdraw": "机构退出",
  "institution.reapply": "机构重新申请",
  "institution.sanctioned": "违规处理",
  "institution.teacher_added": "增加师资",
  "institution.teacher_removed": "删除师资",
  "institution.teacher_id_viewed": "查看教师身份证号",
  "institution.facility_added": "增加场地",
  "institution.facility_removed": "删除场地",
  "institution.qualification_added": "增加培训资质",
  "institution.qualification_proposed": "申请增加资质",
  "institution.qualification_removed": "删除培训资质",
  "institution.qualification_removal_proposed": "申请删除资质",
  "institution.qualification_changes_approved": "通过资质变更",
  "institution.qualification_changes_rejected": "驳回资质变更",

  "occupation.created": "新增职业",
  "occupation.updated": "修改职业",
  "catalogue.item_created": "新增目录项目",
  "catalogue.item_updated": "修改目录项目",
  "catalogue.item_published": "发布目录项目",
  "catalogue.item_withdrawn": "撤销目录项目",
  "catalogue.version_added": "新增目录版本",
  "catalogue.version_updated": "修改目录版本",
  "standard.created": "新增补贴标准",
  "standard.updated": "修改补贴标准",
  "standard.deleted": "删除补贴标准",
  "calendar.day_set": "设置工作日历",

  "person.registered": "登记人员",
  "person.imported": "导入人员名单",
  "person.linked": "关联人员与机构",
  "person.changed": "变更人员信息",
  "person.moved_in": "人员迁入",
  "person.change_requested": "申请变更人员信息",
  "person.change_rejected": "驳回人员信息变更",
  "person.category_evidenced": "补充人员类别证明",
  "person.id_viewed": "查看身份证号",
  "person.registry_matched": "名单比对认定人员类别",
  "person.account_created": "开通学员账号",
  "person.exported": "导出人员名单",
  "claim.generated": "生成补贴申领",
  "claim.regenerated": "重新生成补贴申领",
  "claim.commitment_signed": "签署告知承诺书",
  "claim.submitted": "提交补贴申领",
  "claim.county_approve": "县级初审通过",
  "claim.county_return": "县级初审退回",
  "claim.city_approve": "市级复审通过",
  "claim.city_return": "市级复审退回",
  "claim.line_hold": "暂停申领明细",
  "claim.line_release": "解除暂停申领明细",
  "notice.published": "发布补贴公示",
  "notice.objection_filed": "收到公示异议",
  "notice.objection_upheld": "异议成立",
  "notice.objection_dismissed": "异议不成立",
  "audit.exported": "导出操作日志",

  "class.created": "创建开班申请",
  "class.updated": "修改开班申请",
  "class.submit": "提交开班申请",
  "class.approve": "通过开班申请",
  "class.return": "退回开班申请",
  "class.start": "开班",
  "class.finish": "结业",
  "class.assess": "考核锁定",
  "class.cancel": "取消开班",
  "class.change_filed": "报备开班变更",
  "class.results_entered": "录入考核结果",
  "certificate.issued": "发放证书",
  "certificate.revoked": "撤销证书",

  "attendance.correction_filed": "提交考勤补正",
  "attendance.correction_approved": "通过考勤补正",
  "attendance.correction_rejected": "退回考勤补正",

  "fund.funding_received": "资金到账",
  "fund.allocated": "下达资金",

  "target.set": "下达目标任务",
  "target.skill_structure_set": "录入技能人才统计数",
};

/** Groups for the log's filter ("auth." matches every action that starts with it). */
export const auditActionGroups: Readonly<Record<string, string>> = {
  "auth.": "登录与账号安全",
  "user.": "用户管理",
  "institution.": "培训机构",
  "occupation.": "职业目录",
  "catalogue.": "培训项目目录",
  "standard.": "补贴标准",
  "calendar.": "工作日历",
  "person.": "实名制人员",
  "class.": "开班与结业",
  "certificate.": "证书",
  "attendance.": "考勤",
  "fund.": "资金",
  "claim.": "补贴申领与审核",
  "notice.": "补贴公示",
  "target.": "目标任务",
};

export const auditEntityLabels: Readonly<Record<string, string>> = {
  subsidy_claim: "补贴申领",
  subsidy_claim_line: "补贴申领明细",
  subsidy_notice: "补贴公示",
  subsidy_objection: "公示异议",
  audit_log: "操作日志",
  user: "用户",
  institution: "培训机构",
  institution_teacher: "机构师资",
  institution_facility: "机构场地",
  institution_qualification: "机构资质",
  occupation: "职业",
  catalogue_item: "目录项目",
  subsidy_standard: "补贴标准",
  calendar_day: "工作日历",
  person: "人员",
  person_import: "人员名单导入",
  class: "培训班",
  certificate: "证书",
  attendance_correction: "考勤补正",
  ledger_transaction: "资金往来",
  target: "目标任务",
  skill_structure: "技能人才结构",
};

/** 创建用户 for "user.created"; an action written after this list was last updated shows its code. */
export function auditActionLabel(action: string): string {
  return auditActionLabels[action] ?? action;
}

export function auditEntityLabel(entityType: string): string {
  return auditEntityLabels[entityType] ?? entityType;
}
