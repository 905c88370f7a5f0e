import type { ErrorCode } from "../../../shared/src/errors.ts";
import { isApiError } from "./api-client.ts";

/**
 * What the user reads for each API error code. Typed against shared/src/errors.ts, so adding a
 * code on the server without wording here fails the typecheck.
 */
export const errorMessages: Record<ErrorCode, string> = {
  "request.invalid": "填写的内容有误，请按提示修改",
  "request.malformed_json": "请求格式有误，请刷新页面后重试",
  "request.too_large": "提交的内容过大",
  "request.too_long": "请求地址或内容过长",
  "request.timeout": "请求超时，请重试",
  "request.unsupported_media_type": "不支持的提交格式",
  "request.rate_limited": "查询过于频繁，请稍后再试",
  "request.bad_origin": "请求来源不被允许，请从平台页面操作",
  "route.not_found": "请求的功能不存在，请刷新页面后重试",
  "internal.error": "系统内部错误，请稍后重试；如仍失败请联系管理员",
  "conflict.duplicate": "该值已被使用，请更换",
  "conflict.reference": "相关联的数据不存在或仍被引用，操作未完成",
  "conflict.retry": "数据正被他人同时修改，请重试",
  "db.locked": "数据目录正被另一个进程使用，服务暂不可用",
  "auth.required": "登录已失效，请重新登录",
  "auth.invalid_credentials": "用户名或密码错误",
  "auth.locked": "连续登录失败次数过多，账号已临时锁定",
  "auth.disabled": "账号已停用，请联系管理员",
  "auth.password_change_required": "请先修改初始密码",
  "auth.weak_password": "新密码不符合密码规则",
  "auth.wrong_password": "当前密码不正确",
  "auth.forbidden": "您没有执行此操作的权限",
  "user.not_found": "用户不存在或不在您的管理范围内",
  "user.username_taken": "该用户名已被使用",
  "user.scope_outside": "只能在您本人的管理范围内授权",
  "user.scope_invalid": "角色与授权范围不匹配",
  "user.self_change": "不能停用自己的账号或修改自己的角色",
  "region.not_found": "行政区划不存在",
  "department.not_found": "部门不存在",
  "institution.not_found": "机构不存在或不在您的管理范围内",
  "institution.credit_code_taken": "该统一社会信用代码的机构已登记",
  "institution.transition_not_allowed": "机构当前状态下不能执行此操作",
  "institution.not_editable": "机构已退出或被取消资格，信息不能再修改",
  "institution.sanction_active": "机构的暂停或取消资格处理尚未结束，请到期后再操作",
  "institution.no_pending_changes": "没有待审核的培训资质变更",
  "institution.teacher_not_found": "该机构没有这名师资",
  "institution.teacher_duplicate": "该身份证号码的师资已在本机构登记",
  "institution.facility_not_found": "该机构没有这项场地设施",
  "institution.qualification_not_found": "该机构没有这项培训资质",
  "institution.qualification_duplicate": "该职业（工种）或项目已在机构的培训资质中（或已申请）",
  "institution.not_approved": "机构尚未通过审核，不能开班",
  "institution.suspended": "机构在该日期处于暂停开班期间",
  "institution.banned": "机构已被取消培训资格，不能开班",
  "institution.agreement_expired": "机构的培训协议已到期",
  "institution.licence_expired": "机构的办学许可证已过期",
  "institution.not_qualified": "机构没有该职业（工种）该等级的培训资质",
  "occupation.not_found": "职业（工种）不存在",
  "occupation.code_taken": "该版本大典中已有此职业编码",
  "catalogue.item_not_found": "培训项目不存在或不在您的管理范围内",
  "catalogue.code_taken": "该培训项目编码已被使用",
  "catalogue.province_only": "培训项目目录、职业和工作日历只能由省级人员维护",
  "catalogue.item_locked": "培训项目只有在草稿状态下才能修改基本信息",
  "catalogue.bad_transition": "培训项目当前状态下不能执行此操作",
  "catalogue.no_version": "培训项目没有版本，不能发布",
  "catalogue.version_not_found": "该培训项目没有这个版本",
  "catalogue.version_overlap": "版本的有效期与该项目的其他版本重叠",
  "catalogue.version_locked": "已生效的版本只能修改截止日期",
  "standard.not_found": "补贴标准不存在或不在您的管理范围内",
  "standard.not_applicable": "该项目、地区、证书类型、等级在该日期没有适用的补贴标准",
  "standard.overlap": "有效期与同一项目、地区、证书类型和等级的其他补贴标准重叠",
  "standard.scope_outside": "只能维护本人管理地区的补贴标准",
  "standard.locked": "已生效的补贴标准只能修改截止日期和备注，且不能删除",
  "calendar.invalid_day": "该日期不能这样设置（如调休上班日须为周末）",
  "import.bad_file": "无法读取上传的文件，请上传 .xlsx 或 .csv 文件",
  "import.too_large": "文件或行数超过上限",
  "import.missing_columns": "文件缺少必需的列",
  "import.rejected": "导入的数据有问题，未保存任何内容，请修改后重新导入",
  "import.not_found": "导入任务不存在，或不是由您发起的",
  "person.not_found": "人员不存在或不在您的管理范围内",
  "person.id_invalid": "身份证号无效，请核对",
  "person.gender_mismatch": "性别与身份证号不一致",
  "person.birth_date_mismatch": "出生日期与身份证号不一致",
  "person.name_mismatch": "该身份证号已以其他姓名登记，请核对",
  "person.scope_outside": "只能登记常住地在本辖区的人员",
  "person.institution_required": "请选择登记所属的机构",
  "person.no_profile": "当前账号未关联学员信息",
  "class.not_found": "培训班不存在或不在您的管理范围内",
  "class.institution_required": "请选择申请开班的机构",
  "class.not_editable": "只有草稿或被退回的培训班可以修改",
  "class.transition_not_allowed": "当前状态下不能执行此操作",
  "class.checks_failed": "开班条件未满足，请按下列问题逐项修改",
  "class.locked": "培训班已完成评价并锁定，不能再修改学员、成绩或课程",
  "class.change_too_late": "变更须在发生之前报备，现在已来不及",
  "class.change_rejected": "变更未通过检查，请按提示修改",
  "class.session_not_found": "该培训班没有这个课程安排",
  "class.enrollment_not_found": "该学员不在本班名单中",
  "class.already_enrolled": "该学员已在本班名单中",
  "class.results_not_allowed": "现在不能录入成绩（须在结业后由考核机构录入）",
  "class.results_incomplete": "仍有学员未录入成绩，不能完成评价",
  "certificate.not_found": "未查询到该证书，请核对证书编号和姓名",
  "certificate.number_invalid": "证书编号格式或等级不正确",
  "certificate.number_taken": "该证书编号已被使用",
  "certificate.not_passed": "只有考核合格的学员才能发证",
  "certificate.already_issued": "该学员已持有本班的有效证书",
  "certificate.already_revoked": "该证书已被撤销",
  "attendance.session_not_found": "课程不存在或不在您的管理范围内",
  "attendance.class_not_found": "培训班不存在或不在您的管理范围内",
  "attendance.correction_not_found": "考勤更正申请不存在",
  "attendance.not_enrolled": "您不在本班学员名单中，不能签到",
  "attendance.session_cancelled": "本次课程已取消",
  "attendance.class_not_active": "培训班当前不在开课期间",
  "attendance.window_not_open": "签到尚未开始（课前 30 分钟开放）",
  "attendance.window_closed": "签到已结束",
  "attendance.code_invalid": "签到码不正确，请核对老师屏幕上的签到码",
  "attendance.code_stale": "签到码已过期，请扫描或输入当前的签到码",
  "attendance.outside_geofence": "您不在培训地点范围内，不能签到",
  "attendance.check_out_not_required": "本次课程无需签退",
  "attendance.not_checked_in": "请先签到，再签退",
  "attendance.session_not_started": "课程尚未开始，不能提交考勤更正",
  "attendance.correction_pending": "该学员本次课程已有待审核的更正申请",
  "attendance.correction_decided": "该更正申请已处理",
  "attendance.self_approval": "不能审核自己提交的更正申请，须由他人审核",
  "audit.not_found": "日志记录不存在",
};

/** codes only the web produces */
const clientMessages: Record<string, string> = {
  "network.error": "无法连接服务器，请检查网络后重试",
  "response.invalid": "服务器返回了无法识别的内容，请稍后重试",
};

export function messageForCode(code: string, fallback: string): string {
  return (errorMessages as Record<string, string>)[code] ?? clientMessages[code] ?? fallback;
}

/** One line for a toast or an alert: the Chinese wording for the code, plus the request id for 5xx. */
export function errorText(e: unknown): string {
  if (!isApiError(e)) return e instanceof Error ? `操作失败：${e.message}` : "操作失败";
  let text = messageForCode(e.code, e.message);
  // password rules list their problems as text; imports list row objects, shown by their own page
  const problems = e.detail<unknown[]>("problems");
  if (Array.isArray(problems) && problems.length && problems.every((p) => typeof p === "string")) text += `：${problems.join("；")}`;
  if (e.status >= 500 && e.requestId) text += `（请求编号 ${e.requestId}）`;
  return text;
}
