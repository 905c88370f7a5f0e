/**
 * Classes of the demo province: planned from the seed (dates, sessions, teachers, rosters), then
 * walked through the real services on the timeline — create, submit (every check), approve or
 * return, start, finish, results, certificates, assessment — with the clock at each step's date.
 * Check-ins are inserted (the live check-in path is time-bound to the minute); one locked-out
 * check-in goes through the real check-in service, and corrections through theirs.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { checkIn, decideCorrection, fileCorrection, attendanceCheckins } from "../../src/modules/attendance/index.ts";
import { addDays, addWorkingDays, isWorkingDay, type WorkCalendar } from "../../src/modules/calendar/index.ts";
import { type ClassStatus, classSessions, createClass, enterResults, issueCertificates, transitionClass } from "../../src/modules/classes/index.ts";
import { ensureTraineeAccount, linkPersonsToInstitution } from "../../src/modules/trainees/index.ts";
import { AppError } from "../../src/platform/http/errors.ts";
import type { Deps } from "../../src/platform/context.ts";
import type { MadeItem } from "./catalogue.ts";
import type { ClaimPlan } from "./claims.ts";
import type { Prng } from "./prng.ts";
import { chinaAt, type Timeline } from "./timeline.ts";
import { type Account, ctxOf, type DemoInstitution, type DemoPerson } from "./world.ts";

export type Planted = "overlap_first" | "overlap_second" | "teacher_clash" | "showcase";

export interface ClassPlan {
  n: number;
  inst: DemoInstitution;
  item: MadeItem;
  status: ClassStatus;
  startDate: string;
  sessions: { date: string; startTime: string; endTime: string; teacherId: string; teacherKey: string }[];
  roster: DemoPerson[];
  certificateType: "training_completion" | "skill_level";
  skillLevel: "5" | "4" | "3";
  evaluator: DemoInstitution | null;
  programCode: string;
  planted: Planted | null;
  /** a project-based (项目制) class: its institution may take a 50 % advance on the claim */
  projectBased?: boolean;
  /** how far its subsidy claims have come by today (server/scripts/demo/claims.ts); none: not claimed */
  claim?: ClaimPlan;
  id?: string;
  code?: string;
  /** what the controls said, for the closing summary */
  caught?: string;
}

export interface ClassWorld {
  deps: Deps;
  cal: WorkCalendar;
  today: string;
  now: Date;
  officerOf: (county: string) => Account;
  staffOf: (inst: DemoInstitution) => Account;
  evaluatorOf: (inst: DemoInstitution) => Account;
  log: (s: string) => void;
}

const SLOTS = [
  ["09:00", "12:00"],
  ["13:30", "16:30"],
] as const;

function nextWorkingDay(cal: WorkCalendar, d: string): string {
  let x = d;
  while (!isWorkingDay(cal, x)) x = addDays(x, 1);
  return x;
}

/** Busy calendars, so ordinary classes never collide by accident (only the planted ones do). */
class Busy {
  private persons = new Map<string, [string, string][]>();
  private teachers = new Set<string>();
  personFree(p: DemoPerson, start: string, end: string): boolean {
    return !(this.persons.get(p.idNumber) ?? []).some(([s, e]) => s <= end && e >= start);
  }
  takePerson(p: DemoPerson, start: string, end: string): void {
    const l = this.persons.get(p.idNumber) ?? [];
    l.push([start, end]);
    this.persons.set(p.idNumber, l);
  }
  teacherFree(key: string, date: string, slot: number): boolean {
    return !this.teachers.has(`${key}|${date}|${slot}`);
  }
  takeTeacher(key: string, date: string, slot: number): void {
    this.teachers.add(`${key}|${date}|${slot}`);
  }
}

const CURRENT_STATES: ClassStatus[] = ["in_progress", "approved", "submitted", "returned", "draft", "cancelled", "finished", "assessed"];

/**
 * Plans `count` classes: the first eight at the showcase school (南关区) cover every state in the
 * current year; the rest spread over the approved training institutions, 60 % in 2019–2021 and
 * 40 % in the current year. Three more are the planted irregularities.
 */
export function planClasses(rng: Prng, o: { count: number; institutions: DemoInstitution[]; items: MadeItem[]; persons: DemoPerson[]; cal: WorkCalendar; today: string }): ClassPlan[] {
  const r = rng;
  const busy = new Busy();
  const trainers = o.institutions.filter((i) => i.status === "approved" && i.role !== "evaluation");
  const evaluators = o.institutions.filter((i) => i.status === "approved" && i.role !== "training");
  const showcase = o.institutions[0]!;
  const year = Number(o.today.slice(0, 4));
  const byCity = new Map<string, DemoPerson[]>();
  for (const p of o.persons) byCity.set(p.cityCode, [...(byCity.get(p.cityCode) ?? []), p]);
  const plans: ClassPlan[] = [];

  const startFor = (status: ClassStatus, past: boolean): string => {
    if (past) {
      const y = 2019 + r.int(0, 2);
      return nextWorkingDay(o.cal, addDays(`${y}-03-01`, r.int(0, 260)));
    }
    if (status === "in_progress") return addWorkingDays(o.cal, o.today, -3);
    if (["approved", "submitted", "returned", "draft"].includes(status)) return addWorkingDays(o.cal, o.today, r.int(7, 10));
    if (status === "cancelled" && r.chance(0.5)) return addWorkingDays(o.cal, o.today, r.int(7, 10));
    return nextWorkingDay(o.cal, addDays(`${year}-03-01`, r.int(0, Math.max(1, dayDiff(`${year}-03-01`, o.today) - 50))));
  };

  const make = (n: number, inst: DemoInstitution, status: ClassStatus, startDate: string, planted: Planted | null, fixed?: Partial<ClassPlan>, r: Prng = rng): ClassPlan => {
    const occ = fixed?.item ?? r.pick(o.items.filter((it) => inst.occupations.some((x) => x.code === it.occupation.code)));
    const days = status === "in_progress" ? 8 : r.int(5, 7);
    const dates: string[] = [];
    for (let d = startDate; dates.length < days; d = addDays(d, 1)) if (isWorkingDay(o.cal, d)) dates.push(d);
    // one teacher teaches the whole class, at a slot where that teacher is free on every date
    const first = r.int(0, 1);
    const choice = [first, 1 - first].flatMap((slot) => inst.teachers.map((t) => ({ slot, t }))).find(({ slot, t }) => dates.every((d) => busy.teacherFree(t.idNumber, d, slot)));
    if (!fixed?.sessions && !choice) throw new Error(`demo plan: every teacher of ${inst.name} is busy from ${startDate}; give institutions more teachers`);
    const sessions =
      fixed?.sessions ??
      dates.map((date) => {
        const { slot, t } = choice!;
        busy.takeTeacher(t.idNumber, date, slot);
        return { date, startTime: SLOTS[slot]![0], endTime: SLOTS[slot]![1], teacherId: t.id, teacherKey: t.idNumber };
      });
    const endDate = sessions[sessions.length - 1]!.date;
    let roster = fixed?.roster;
    if (!roster) {
      const size = Math.min(r.int(12, 28), Math.max(4, Math.floor(o.persons.length / 8)));
      const pool = r.shuffle(byCity.get(inst.cityCode) ?? []).filter((p) => busy.personFree(p, startDate, endDate));
      // the showcase school's rosters carry the planted persons first (a pensioner, a student, a poor attender)
      const planted = inst.id === showcase.id ? pool.filter((p) => p.exclusion || p.lowAttendance).slice(0, 2) : [];
      roster = [...planted, ...pool.filter((p) => !planted.includes(p))].slice(0, size);
    }
    if (planted !== "overlap_second" && planted !== "teacher_clash") for (const p of roster) busy.takePerson(p, startDate, endDate);
    const ev = evaluators.filter((e) => e.id !== inst.id);
    const skill = ev.length > 0 && (fixed?.certificateType === "skill_level" || (fixed?.certificateType === undefined && r.chance(0.55)));
    return {
      n,
      inst,
      item: occ,
      status,
      startDate,
      sessions,
      roster,
      certificateType: skill ? "skill_level" : "training_completion",
      skillLevel: r.pick(["5", "4", "4", "3"] as const),
      evaluator: skill ? r.pick(ev) : null,
      programCode: occ.occupation.programs[0]!,
      planted,
      ...(fixed?.projectBased ? { projectBased: true } : {}),
      ...(fixed?.claim ? { claim: fixed.claim } : {}),
    };
  };

  for (let n = 0; n < o.count; n++) {
    if (n < CURRENT_STATES.length) {
      const status = CURRENT_STATES[n]!;
      plans.push(make(n, showcase, status, startFor(status, false), n === 0 ? "showcase" : null));
      continue;
    }
    const past = r.chance(0.6);
    const status: ClassStatus = past
      ? r.weighted([["assessed", 82], ["finished", 6], ["cancelled", 12]] as const)
      : r.weighted([["assessed", 30], ["finished", 15], ["in_progress", 10], ["approved", 10], ["submitted", 10], ["returned", 8], ["draft", 8], ["cancelled", 9]] as const);
    const inst = trainers[(n * 7) % trainers.length]!;
    plans.push(make(n, inst, status, startFor(status, past), null));
  }

  // planted: school 2 of 南关区 enrols three trainees of the showcase's approved class for the same
  // weeks, and borrows its teacher (the same person, by ID number) for the same hours
  const second = o.institutions[1]!;
  const first = plans.find((p) => p.status === "approved" && p.inst.id === showcase.id)!;
  first.planted = "overlap_first";
  const overlapRoster = [...first.roster.slice(0, 3), ...r.shuffle(byCity.get("220100") ?? []).filter((p) => busy.personFree(p, first.startDate, first.sessions.at(-1)!.date)).slice(0, 6)];
  plans.push(make(plans.length, second, "returned", first.startDate, "overlap_second", { item: first.item, roster: overlapRoster, certificateType: "training_completion" }));
  const clashRoster = r.shuffle(byCity.get("220100") ?? []).filter((p) => busy.personFree(p, first.startDate, first.sessions.at(-1)!.date)).slice(0, 8);
  plans.push(
    make(plans.length, second, "draft", first.startDate, "teacher_clash", {
      item: first.item,
      roster: clashRoster,
      certificateType: "training_completion",
      // the teacher id is filled in once the borrowed teacher is registered at the second school
      sessions: first.sessions.map((s) => ({ ...s, teacherId: "" })),
    }),
  );

  // the claims showcase: assessed classes of this year whose claims stand in every state today
  // (claims.ts), planned from their own stream so the classes above stay as they were
  const cr = r.fork("claims");
  const enterprise = trainers.find((i) => i.type === "enterprise_center");
  for (const [k, s] of CLAIM_SHOWCASE.entries()) {
    const inst = s.at === "enterprise" ? (enterprise ?? second) : s.at === "second" ? second : showcase;
    const items = o.items.filter((it) => inst.occupations.some((x) => x.code === it.occupation.code));
    const fixed: Partial<ClassPlan> = {
      item: items[k % items.length]!,
      certificateType: s.skill ? "skill_level" : "training_completion",
      claim: s.claim,
      // without an enterprise (tiny scale) the advance goes to a project-based class of a school
      ...(s.at === "enterprise" && !enterprise ? { projectBased: true } : {}),
    };
    const start = nextWorkingDay(o.cal, addWorkingDays(o.cal, o.today, -(80 + 4 * k)));
    // a city with few registered persons (tiny scale): its enterprise trains regular attenders from anywhere
    const free = (p: DemoPerson) => busy.personFree(p, start, addDays(start, 14));
    if ((byCity.get(inst.cityCode) ?? []).filter(free).length < 8) fixed.roster = cr.shuffle(o.persons.filter((p) => !p.exclusion && !p.lowAttendance && free(p))).slice(0, 8);
    plans.push(make(plans.length, inst, "assessed", start, null, fixed, cr));
  }
  return plans;
}

/** Where the claims showcase's classes are and what their claims have become (claims.ts). */
const CLAIM_SHOWCASE: { at: "showcase" | "second" | "enterprise"; skill: boolean; claim: ClaimPlan }[] = [
  { at: "showcase", skill: true, claim: { story: "paid", holdOne: true } },
  { at: "second", skill: false, claim: { story: "paid", bankReturns: true } },
  { at: "enterprise", skill: false, claim: { story: "paid", advance: true } },
  { at: "showcase", skill: true, claim: { story: "in_notice" } },
  { at: "showcase", skill: false, claim: { story: "approved" } },
  { at: "showcase", skill: true, claim: { story: "county_approved" } },
  { at: "showcase", skill: false, claim: { story: "submitted" } },
  { at: "showcase", skill: false, claim: { story: "returned" } },
  { at: "showcase", skill: true, claim: { story: "draft" } },
];

function dayDiff(a: string, b: string): number {
  return Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
}

const CONTENT = ["安全操作规程与职业道德", "基础理论讲解", "设备与工具使用", "基本技能实训", "综合技能实训", "典型工作任务演练", "模拟考核与点评", "专项技能强化"];

let certSeq = 0;

/** Puts one class's life on the timeline. */
export function scheduleClass(t: Timeline, w: ClassWorld, r: Prng, p: ClassPlan): void {
  const { deps } = w;
  const staff = w.staffOf(p.inst);
  const officer = w.officerOf(p.inst.regionCode);
  const assessor = p.evaluator ? w.evaluatorOf(p.evaluator) : staff;
  const future = p.startDate > w.today;
  const hours = (h: number) => h * 3_600_000;
  const createdAt = future ? new Date(w.now.getTime() - hours(72) + p.n * 60_000) : chinaAt(addDays(p.startDate, -28), "10:00");
  const reviewAt = future ? new Date(createdAt.getTime() + hours(24)) : chinaAt(addDays(p.startDate, -20), "15:00");
  const lastEnd = chinaAt(p.sessions.at(-1)!.date, p.sessions.at(-1)!.endTime);
  const [lat, lng] = p.inst.site;

  t.add(createdAt, `class ${p.n} create`, async () => {
    await linkPersonsToInstitution(deps.db, p.roster.map((x) => x.id), p.inst.id, deps.clock.now(), p.inst.regionCode);
    const c = await createClass(deps, staff.ctx, {
      catalogueItemId: p.item.itemId,
      programCode: p.programCode,
      title: `${p.item.occupation.name}（${p.certificateType === "skill_level" ? `${levelName(p.skillLevel)}` : "培训合格"}）${p.startDate.slice(0, 4)} 年第 ${p.n + 1} 期`,
      mode: "offline",
      address: `${p.inst.name}实训楼`,
      lat,
      lng,
      geofenceRadiusM: 300,
      startDate: p.startDate,
      endDate: p.sessions.at(-1)!.date,
      capacity: Math.max(p.roster.length, 30),
      assessmentPlan: p.certificateType === "skill_level" ? "理论知识考试（闭卷）+ 操作技能考核，由评价机构组织" : "结业理论测试 + 实操考核",
      certificateType: p.certificateType,
      skillLevel: p.skillLevel,
      ...(p.projectBased ? { projectBased: true } : {}),
      evaluatorInstitutionId: p.evaluator?.id ?? null,
      sessions: p.sessions.map((s, i) => ({ date: s.date, startTime: s.startTime, endTime: s.endTime, teacherId: s.teacherId, content: CONTENT[i % CONTENT.length]!, theoryMinutes: 60, practiceMinutes: 120, place: "一号实训室", requireCheckOut: false })),
      roster: p.roster.map((x) => x.id),
    });
    p.id = c.id;
    p.code = c.code;
    if (p.status === "draft" && p.planted !== "teacher_clash") return;
    try {
      await transitionClass(deps, staff.ctx, c.id, { action: "submit" });
    } catch (e) {
      if (p.planted === "teacher_clash" && e instanceof AppError && e.code === "class.checks_failed") {
        p.caught = `提交被拒：${problemsOf(e).join("；")}`;
        return;
      }
      throw e;
    }
    if (p.planted === "teacher_clash") throw new Error("planted teacher clash was not caught at submission");
  });
  if (p.status === "draft" || p.status === "submitted") return;

  const willApprove = p.status !== "returned";
  t.add(reviewAt, `class ${p.n} review`, async () => {
    if (p.planted === "overlap_second") {
      // the officer's approval re-runs every check: the three shared trainees stop it
      try {
        await transitionClass(deps, officer.ctx, p.id!, { action: "approve" });
      } catch (e) {
        if (!(e instanceof AppError) || e.code !== "class.checks_failed") throw e;
        const reasons = problemsOf(e);
        p.caught = `审核未通过并退回：${reasons.join("；")}`;
        await transitionClass(deps, officer.ctx, p.id!, { action: "return", reasons });
        return;
      }
      throw new Error("planted trainee overlap was not caught at approval");
    }
    if (willApprove) await transitionClass(deps, officer.ctx, p.id!, { action: "approve" });
    else await transitionClass(deps, officer.ctx, p.id!, { action: "return", reasons: ["实操场地与设备清单未附，请补充", "第 3 次课授课内容与目录要求不符，请调整"] });
  });
  // the overlap pair: the first class must be approved before the second is reviewed
  if (p.status === "returned" || p.status === "approved") return;

  if (p.status === "cancelled") {
    const at = future ? new Date(w.now.getTime() - hours(2)) : chinaAt(addDays(p.startDate, -3), "09:30");
    t.add(at, `class ${p.n} cancel`, async () => {
      await transitionClass(deps, staff.ctx, p.id!, { action: "cancel", reasons: [r.pick(["报名学员不足，延期另行开班", "实训场地检修，本期取消", "合作企业用工计划调整"])] });
    });
    return;
  }

  t.add(chinaAt(p.startDate, "08:00"), `class ${p.n} start`, async () => {
    await transitionClass(deps, staff.ctx, p.id!, { action: "start" });
  });

  const running = p.status === "in_progress";
  const ended = p.sessions.filter((s) => chinaAt(s.date, s.endTime).getTime() < (running ? w.now.getTime() - 600_000 : Number.POSITIVE_INFINITY));
  const absent = new Set<string>();
  // planted: a locked-out check-in on the showcase's last finished session, through the real service
  const locked = p.planted === "showcase" && ended.length > 0 ? { person: p.roster.find((x) => !x.exclusion && !x.lowAttendance)!, session: ended.at(-1)! } : null;
  if (locked) {
    absent.add(`${locked.session.date}|${locked.person.id}`);
    t.add(new Date(chinaAt(locked.session.date, locked.session.startTime).getTime() + 5 * 60_000), `class ${p.n} locked check-in`, async () => {
      const account = await deps.db.transaction((tx) => ensureTraineeAccount(deps, tx, staff.ctx, locked.person.id));
      const ctx = ctxOf({ userId: account.userId, username: account.username, regionCode: locked.person.residence, grants: [{ role: "trainee", scopeType: "self" }] });
      const sessionId = await sessionIdOn(deps, p.id!, locked.session.date);
      const outcomes: string[] = [];
      for (let i = 0; i < 6; i++) {
        try {
          await checkIn(deps, ctx, { sessionId, code: String(r.int(100_000, 999_999)), lat, lng, accuracy: 12, kind: "in" }, "Mozilla/5.0 (Linux; Android 12) demo");
          outcomes.push("accepted");
        } catch (e) {
          outcomes.push(e instanceof AppError ? e.code : String(e));
        }
      }
      if (outcomes.at(-1) !== "attendance.checkin_locked") throw new Error(`locked-out check-in not locked: ${outcomes.join(",")}`);
      p.caught = `学员 ${locked.person.name} 连续输错签到码，${locked.session.date} 课次签到已锁定（${outcomes.at(-1)}），由机构补正、区人社审核`;
    });
  }

  const attendanceAt = running ? new Date(w.now.getTime() - 5 * 60_000) : new Date(lastEnd.getTime() + 30 * 60_000);
  const corrections: { person: DemoPerson; date: string }[] = [];
  t.add(attendanceAt, `class ${p.n} attendance`, async () => {
    const sessions = await deps.db.select({ id: classSessions.id, date: classSessions.date, startsAt: classSessions.startsAt }).from(classSessions).where(eq(classSessions.classId, p.id!));
    const rows = [];
    for (const s of sessions) {
      if (!ended.some((e) => e.date === s.date)) continue;
      for (const person of p.roster) {
        const present = person.lowAttendance ? r.chance(0.45) : r.chance(0.96);
        if (!present || absent.has(`${s.date}|${person.id}`)) {
          if (!person.lowAttendance && corrections.length < 2 && !absent.has(`${s.date}|${person.id}`)) corrections.push({ person, date: s.date });
          continue;
        }
        const at = new Date(s.startsAt.getTime() + r.int(-15, 8) * 60_000 + r.int(0, 59) * 1000);
        rows.push({ id: randomUUID(), sessionId: s.id, classId: p.id!, personId: person.id, kind: "in" as const, at, lat: lat + (r.next() - 0.5) * 0.0008, lng: lng + (r.next() - 0.5) * 0.0008, accuracy: r.int(5, 35), distanceM: r.int(3, 60), userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2) demo", clientIp: null, userId: null });
      }
    }
    for (let i = 0; i < rows.length; i += 500) await deps.db.insert(attendanceCheckins).values(rows.slice(i, i + 500));
    if (locked) corrections.unshift({ person: locked.person, date: locked.session.date });
    // corrections: filed by the school, decided by the county officer (a second person)
    for (const [i, c] of corrections.entries()) {
      const sessionId = sessions.find((s) => s.date === c.date)!.id;
      const filed = await fileCorrection(deps, staff.ctx, {
        sessionId,
        personId: c.person.id,
        mark: "present",
        reason: i === 0 && locked ? "学员手机签到被锁定，当天在岗参训，有教师签字的纸质签到表" : "学员手机无法定位，当天到课，附纸质签到表",
        evidence: `纸质签到表第 ${r.int(1, 6)} 页（教师签字）`,
      });
      // one correction is refused: the evidence does not show the trainee
      await decideCorrection(deps, officer.ctx, filed.id, i === 1 ? { decision: "reject", note: "签到表上无该学员签名，不予补正" } : { decision: "approve", note: "经核实纸质签到表" });
    }
  });
  if (running) return;

  t.add(new Date(lastEnd.getTime() + hours(1)), `class ${p.n} finish`, async () => {
    await transitionClass(deps, staff.ctx, p.id!, { action: "finish" });
  });
  if (p.status === "finished") return;

  const { resultsDay, issueDay } = resultDays(w.cal, p);
  const passed: DemoPerson[] = [];
  t.add(chinaAt(resultsDay, "10:00"), `class ${p.n} results`, async () => {
    const results = p.roster.map((x) => {
      if (x.lowAttendance && r.chance(0.6)) return { personId: x.id, result: "absent" as const, score: null };
      const score = x.lowAttendance ? r.int(35, 75) : r.int(52, 98);
      if (score >= 60) passed.push(x);
      return { personId: x.id, result: score >= 60 ? ("pass" as const) : ("fail" as const), score };
    });
    await enterResults(deps, assessor.ctx, p.id!, { results });
  });
  t.add(chinaAt(issueDay, "10:00"), `class ${p.n} certificates`, async () => {
    if (passed.length === 0) return;
    const yy = issueDay.slice(2, 4);
    const certs = passed.map((x) => {
      certSeq++;
      const number =
        p.certificateType === "skill_level"
          ? `S${p.evaluator!.bodyCode}22${p.evaluator!.regionCode}${yy}${p.skillLevel}${String(certSeq).padStart(6, "0")}`
          : `JLPX-${p.inst.regionCode}-${issueDay.slice(0, 4)}-${String(certSeq).padStart(6, "0")}`;
      return { personId: x.id, number, issueDate: issueDay };
    });
    await issueCertificates(deps, assessor.ctx, p.id!, { certificates: certs });
  });
  t.add(chinaAt(issueDay, "11:00"), `class ${p.n} assess`, async () => {
    await transitionClass(deps, assessor.ctx, p.id!, { action: "assess" });
  });
}

/** When a finished class gets its results, and its certificates and assessment (11:00 that day). */
export function resultDays(cal: WorkCalendar, p: Pick<ClassPlan, "sessions">): { resultsDay: string; issueDay: string } {
  const resultsDay = nextWorkingDay(cal, addDays(p.sessions.at(-1)!.date, 3));
  return { resultsDay, issueDay: nextWorkingDay(cal, addDays(resultsDay, 5)) };
}

function levelName(l: string): string {
  return { "5": "初级工", "4": "中级工", "3": "高级工" }[l] ?? `${l} 级`;
}

function problemsOf(e: AppError): string[] {
  const d = e.details as { problems?: { message: string }[] } | undefined;
  return (d?.problems ?? []).map((x) => x.message);
}

async function sessionIdOn(deps: Deps, classId: string, date: string): Promise<string> {
  const rows = await deps.db.select({ id: classSessions.id, date: classSessions.date }).from(classSessions).where(eq(classSessions.classId, classId));
  return rows.find((x) => x.date === date)!.id;
}
