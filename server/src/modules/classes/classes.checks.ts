/**
 * The checks of a class application (DOMAIN §2 step 3): every problem is collected, none stops
 * the others, so the institution sees all of them at once. Warnings (duplicate training, yearly
 * limit, exclusions) never block here; they become hard at claim time.
 */
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { catalogueItems, itemVersionInForce, occupations } from "../catalogue/index.ts";
import { addWorkingDays, loadWorkCalendar } from "../calendar/index.ts";
import { assertInstitutionCanOpenClasses, institutionForClass, institutionTeachers } from "../institutions/index.ts";
import { personExclusions, persons, personWarnings } from "../trainees/index.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError } from "../../platform/http/errors.ts";
import { type ItemInfo, itemInfos } from "./classes.repo.ts";
import { classPolicy, datesOverlap, hourProblems, levelNumber, ownTeacherOverlaps, type Problem, sessionsOutsideDates, timesOverlap } from "./classes.rules.ts";
import { classEnrollments, classes, classSessions } from "./classes.table.ts";

export interface CheckedClass {
  id: string;
  institutionId: string;
  catalogueItemId: string;
  programCode: string;
  certificateType: string;
  skillLevel: string | null;
  evaluatorInstitutionId: string | null;
  mode: string;
  startDate: string;
  endDate: string;
  capacity: number;
}

export interface CheckedSession {
  id?: string;
  date: string;
  startsAt: Date;
  endsAt: Date;
  teacherId: string | null;
  theoryMinutes: number;
  practiceMinutes: number;
}

export interface CheckResult {
  problems: Problem[];
  /** the catalogue version in force on the start date, when there is one */
  versionId: string | null;
  /** per trainee: warnings to store on the enrollment */
  personWarnings: Map<string, Problem[]>;
}

/** Which checks to run: everything at submission; only the concurrency checks for a filed change. */
export interface CheckOptions {
  today: string;
  leadTime?: boolean;
  institution?: boolean;
  catalogue?: boolean;
  hours?: boolean;
  capacity?: boolean;
  teachers?: boolean;
  trainees?: boolean;
  warnings?: boolean;
  /** restrict trainee checks and warnings to these persons (a roster addition) */
  onlyPersons?: string[];
  /** report teacher overlaps of this session only (index into `sessions`; a filed session change) */
  focusSession?: number;
}

const subjectKey = (i: ItemInfo | undefined) => i?.occupationCode ?? i?.projectName ?? null;
/** what a class trains (occupation code, or project name): the catalogue's columns, not its table names */
const keySql = sql`coalesce(${occupations.code}, ${catalogueItems.projectName})`;
const subjectJoin = sql`join ${catalogueItems} on ${catalogueItems.id} = c.catalogue_item_id left join ${occupations} on ${occupations.id} = ${catalogueItems.occupationId}`;

/** any constant works; it serializes the check-then-write of schedules across connections on PostgreSQL */
const SCHEDULE_LOCK = 7_270_002;

/**
 * Runs the class checks. Call it inside the transaction that then writes the result: it takes a
 * transaction-scoped lock so two approvals (or filed changes) cannot both pass the teacher,
 * trainee and capacity overlap checks against each other before either commits. Approvals are
 * officer actions, rare enough for one province-wide lock.
 */
export async function runClassChecks(db: Db, c: CheckedClass, sessions: CheckedSession[], roster: string[], o: CheckOptions): Promise<CheckResult> {
  await db.execute(sql`select pg_advisory_xact_lock(${SCHEDULE_LOCK})`);
  const all = { leadTime: true, institution: true, catalogue: true, hours: true, capacity: true, teachers: true, trainees: true, warnings: true };
  const run = { ...all, ...Object.fromEntries(Object.entries(o).filter(([k]) => k in all)) } as typeof all;
  const problems: Problem[] = [];
  const item = (await itemInfos(db, [c.catalogueItemId])).get(c.catalogueItemId);
  const key = subjectKey(item);
  let versionId: string | null = null;

  if (run.institution || run.catalogue) {
    if (sessions.length === 0) problems.push({ code: "no_sessions", message: "请填写课程安排", path: "sessions" });
    if (roster.length === 0) problems.push({ code: "roster_empty", message: "请填写学员名册", path: "roster" });
  }
  if (run.leadTime) {
    const cal = await loadWorkCalendar(db);
    const earliest = addWorkingDays(cal, o.today, classPolicy.minLeadWorkingDays);
    if (c.startDate < earliest) {
      problems.push({ code: "too_late", message: `须在开班前至少 ${classPolicy.minLeadWorkingDays} 个工作日提交（最早可于 ${earliest} 开班）`, path: "startDate" });
    }
  }
  if (run.institution) {
    try {
      await assertInstitutionCanOpenClasses(db, c.institutionId, c.startDate);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      problems.push({ code: e.code, message: e.message });
    }
    const inst = await institutionForClass(db, c.institutionId);
    const level = levelNumber(c.skillLevel);
    const qualified = inst?.qualifications.some(
      (q) => (item?.occupationCode ? q.occupationCode === item.occupationCode : q.projectName === item?.projectName) && (level === null || q.maxLevel === null || level >= q.maxLevel),
    );
    if (!qualified) problems.push({ code: "institution.not_qualified", message: "机构不具备该职业（等级）的培训资质" });
    if (c.certificateType === "skill_level") {
      if (!c.evaluatorInstitutionId) problems.push({ code: "evaluator_required", message: "职业技能等级证书班须指定评价机构", path: "evaluatorInstitutionId" });
      else {
        const ev = await institutionForClass(db, c.evaluatorInstitutionId);
        if (ev?.status !== "approved" || (ev.role !== "evaluation" && ev.role !== "both")) {
          problems.push({ code: "evaluator_invalid", message: "指定的评价机构不是已通过审核的评价机构", path: "evaluatorInstitutionId" });
        }
      }
    }
  }
  if (run.catalogue || run.hours) {
    if (item?.status !== "published") problems.push({ code: "catalogue_not_published", message: "培训项目不在已发布的目录中", path: "catalogueItemId" });
    const v = item ? await itemVersionInForce(db, item.id, c.startDate) : null;
    if (item && !v) problems.push({ code: "catalogue_no_version", message: `开班日期 ${c.startDate} 没有生效的目录版本`, path: "startDate" });
    versionId = v?.id ?? null;
    if (item && run.catalogue) {
      if (!item.certificateTypes.includes(c.certificateType)) problems.push({ code: "certificate_type_not_allowed", message: "该项目不颁发此类证书", path: "certificateType" });
      if (item.skillLevels.length > 0 && (!c.skillLevel || !item.skillLevels.includes(c.skillLevel))) {
        problems.push({ code: "level_not_allowed", message: `该项目的等级为 ${item.skillLevels.join("、")}`, path: "skillLevel" });
      }
      if (item.programCodes.length > 0 && !item.programCodes.includes(c.programCode)) problems.push({ code: "program_not_allowed", message: "该项目不属于所选计划项目", path: "programCode" });
      if (v && !v.modes.includes(c.mode)) problems.push({ code: "mode_not_allowed", message: "该项目不允许此培训方式", path: "mode" });
    }
    if (v && run.hours) {
      problems.push(...hourProblems(sessions, v));
      problems.push(...sessionsOutsideDates(sessions, c.startDate, c.endDate));
    }
  }
  if (run.capacity) problems.push(...(await capacityProblems(db, c, key, roster.length)));
  if (run.teachers) problems.push(...(await teacherProblems(db, c.id, sessions, o.focusSession)));
  const persons_ = o.onlyPersons ?? roster;
  if (run.trainees) problems.push(...(await traineeOverlaps(db, c, persons_)));
  const pw = run.warnings ? await traineeWarnings(db, c, key, persons_) : new Map<string, Problem[]>();
  return { problems, versionId, personWarnings: pw };
}

async function capacityProblems(db: Db, c: CheckedClass, key: string | null, rosterSize: number): Promise<Problem[]> {
  const out: Problem[] = [];
  if (rosterSize > c.capacity) out.push({ code: "capacity_exceeded", message: `学员 ${rosterSize} 人超过计划人数 ${c.capacity}`, path: "roster" });
  const inst = await institutionForClass(db, c.institutionId);
  const q = inst?.qualifications.find((x) => (x.occupationCode ?? x.projectName) === key);
  if (!q || !key) return out;
  // rosters of the institution's approved / running classes of the same occupation whose dates overlap
  const rows = (await db.execute(sql`
    select c.start_date, c.end_date, count(e.id)::int as n
    from classes c
    ${subjectJoin}
    left join class_enrollments e on e.class_id = c.id and e.status = 'enrolled'
    where c.institution_id = ${c.institutionId} and c.id <> ${c.id}
      and c.status in ('approved', 'in_progress') and ${keySql} = ${key}
    group by c.id, c.start_date, c.end_date`)) as unknown as { rows: { start_date: string; end_date: string; n: number }[] };
  const others = rows.rows.filter((r) => datesOverlap({ startDate: String(r.start_date).slice(0, 10), endDate: String(r.end_date).slice(0, 10) }, c)).reduce((s, r) => s + Number(r.n), 0);
  if (others + rosterSize > q.capacity) {
    out.push({ code: "institution_capacity_exceeded", message: `同期在训 ${others} 人加本班 ${rosterSize} 人超过机构该职业的同时培训能力 ${q.capacity} 人`, path: "roster" });
  }
  return out;
}

/** A teacher (the same person by ID number, in any institution) in two sessions at once. */
async function teacherProblems(db: Db, classId: string, sessions: CheckedSession[], focus?: number): Promise<Problem[]> {
  const teacherIds = [...new Set(sessions.flatMap((s) => (s.teacherId ? [s.teacherId] : [])))];
  if (teacherIds.length === 0) return [];
  const ts = await db.select({ id: institutionTeachers.id, hash: institutionTeachers.idNumberHash, name: institutionTeachers.name }).from(institutionTeachers).where(inArray(institutionTeachers.id, teacherIds));
  const hashOf = new Map(ts.map((t) => [t.id, t.hash]));
  const nameOf = new Map(ts.map((t) => [t.hash, t.name]));
  const keyed = sessions.map((s) => ({ ...s, teacherKey: s.teacherId ? (hashOf.get(s.teacherId) ?? null) : null }));
  const mine = (i: number) => focus === undefined || i === focus;
  const out: Problem[] = ownTeacherOverlaps(keyed)
    .filter(([i, j]) => mine(i) || mine(j))
    .map(([i, j]) => ({
    code: "teacher_overlap",
    message: `第 ${i + 1} 次课与第 ${j + 1} 次课的授课教师（${nameOf.get(keyed[i]!.teacherKey!) ?? ""}）时间重叠`,
    path: `sessions[${j}]`,
  }));
  const hashes = [...new Set(ts.map((t) => t.hash))];
  const others = await db
    .select({ startsAt: classSessions.startsAt, endsAt: classSessions.endsAt, hash: institutionTeachers.idNumberHash, code: classes.code })
    .from(classSessions)
    .innerJoin(classes, eq(classes.id, classSessions.classId))
    .innerJoin(institutionTeachers, eq(institutionTeachers.id, classSessions.teacherId))
    .where(
      and(
        ne(classSessions.classId, classId),
        eq(classSessions.status, "planned"),
        inArray(classes.status, [...classPolicy.scheduledStatuses]),
        inArray(institutionTeachers.idNumberHash, hashes),
      ),
    );
  keyed.forEach((s, i) => {
    if (!mine(i)) return;
    const clash = others.find((x) => x.hash === s.teacherKey && timesOverlap(x, s));
    if (clash) out.push({ code: "teacher_overlap", message: `第 ${i + 1} 次课的授课教师在班级 ${clash.code} 同一时间有课`, path: `sessions[${i}]` });
  });
  return out;
}

/** A trainee enrolled in another approved / running class whose dates overlap. */
async function traineeOverlaps(db: Db, c: CheckedClass, personIds: string[]): Promise<Problem[]> {
  if (personIds.length === 0) return [];
  const rows = await db
    .select({ personId: classEnrollments.personId, code: classes.code, startDate: classes.startDate, endDate: classes.endDate, name: persons.name })
    .from(classEnrollments)
    .innerJoin(classes, eq(classes.id, classEnrollments.classId))
    .innerJoin(persons, eq(persons.id, classEnrollments.personId))
    .where(
      and(
        inArray(classEnrollments.personId, personIds),
        eq(classEnrollments.status, "enrolled"),
        ne(classes.id, c.id),
        inArray(classes.status, [...classPolicy.activeStatuses]),
        sql`${classes.startDate} <= ${c.endDate} and ${classes.endDate} >= ${c.startDate}`,
      ),
    );
  return rows.map((r) => ({
    code: "trainee_overlap",
    message: `学员 ${r.name} 已在同期班级 ${r.code}（${r.startDate}–${r.endDate}）`,
    path: `roster[${personIds.indexOf(r.personId)}]`,
    personId: r.personId,
  }));
}

/** Warnings per trainee: already trained for the same occupation and level, yearly limit, exclusions. */
async function traineeWarnings(db: Db, c: CheckedClass, key: string | null, personIds: string[]): Promise<Map<string, Problem[]>> {
  const out = new Map<string, Problem[]>(personIds.map((p) => [p, []]));
  if (personIds.length === 0) return out;
  const ids = sql.join(
    personIds.map((p) => sql`${p}::uuid`),
    sql`, `,
  );
  const trained = (await db.execute(sql`
    select e.person_id, c.code from class_enrollments e
    join classes c on c.id = e.class_id
    ${subjectJoin}
    where e.person_id in (${ids}) and e.status = 'enrolled' and e.result = 'pass' and c.id <> ${c.id}
      and c.status in ('finished', 'assessed') and ${keySql} = ${key}
      and c.skill_level is not distinct from ${c.skillLevel}`)) as unknown as { rows: { person_id: string; code: string }[] };
  for (const r of trained.rows) {
    out.get(r.person_id)?.push({ code: "already_trained", message: `已在班级 ${r.code} 以同一职业、等级培训合格`, personId: r.person_id });
  }
  const year = c.startDate.slice(0, 4);
  const counts = (await db.execute(sql`
    select e.person_id, count(*)::int as n from class_enrollments e join classes c on c.id = e.class_id
    where e.person_id in (${ids}) and e.status = 'enrolled' and c.id <> ${c.id}
      and c.status in ('approved', 'in_progress', 'finished', 'assessed')
      and to_char(c.start_date, 'YYYY') = ${year}
    group by e.person_id`)) as unknown as { rows: { person_id: string; n: number }[] };
  for (const r of counts.rows) {
    if (Number(r.n) >= classPolicy.maxTrainingsPerYear) {
      out.get(r.person_id)?.push({ code: "yearly_limit", message: `${year} 年已参加 ${r.n} 次补贴性培训（上限 ${classPolicy.maxTrainingsPerYear} 次）`, personId: r.person_id });
    }
  }
  const ps = await db.select({ id: persons.id, birthYear: persons.birthYear, gender: persons.gender }).from(persons).where(inArray(persons.id, personIds));
  const ex = await db.select({ personId: personExclusions.personId, kind: personExclusions.kind }).from(personExclusions).where(inArray(personExclusions.personId, personIds));
  for (const p of ps) {
    const w = personWarnings({ ...p, exclusions: ex.filter((e) => e.personId === p.id) }, c.startDate);
    out.get(p.id)?.push(...w.map((x) => ({ ...x, personId: p.id })));
  }
  return out;
}
