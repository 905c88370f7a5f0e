/**
 * The demo province generator: a coherent, deterministic (seeded) province loaded through the
 * modules' services as it would have happened, from the institutions' approval in December 2018
 * to today. The caller owns the database and the movable clock; see server/scripts/demo.ts.
 */
import { randomInt } from "node:crypto";
import { asc, count, eq, sql } from "drizzle-orm";
import { addDays, dateInChina, loadWorkCalendar } from "../../src/modules/calendar/index.ts";
import { classes, classStatuses } from "../../src/modules/classes/index.ts";
import { allocateBudget, fundAccounts, ledgerPostings, receiveFunding } from "../../src/modules/funds/index.ts";
import { subsidyClaims, subsidyObjections } from "../../src/modules/subsidies/index.ts";
import { refreshStats } from "../../src/modules/stats/index.ts";
import { transitionInstitution } from "../../src/modules/institutions/index.ts";
import { regions } from "../../src/modules/reference/index.ts";
import { ensureTraineeAccount } from "../../src/modules/trainees/index.ts";
import { users } from "../../src/modules/users/index.ts";
import { systemActor } from "../../src/platform/auth/actor.ts";
import { hashPassword } from "../../src/platform/auth/password.ts";
import type { TestClock } from "../../src/platform/clock.ts";
import type { Ctx, Deps } from "../../src/platform/context.ts";
import { makeCatalogue } from "./catalogue.ts";
import { assignClaims, Payments, scheduleClaims } from "./claims.ts";
import { type ClassPlan, planClasses, scheduleClass } from "./classes.ts";
import { Prng } from "./prng.ts";
import { chinaAt, Timeline } from "./timeline.ts";
import { type Account, Accounts, type DemoInstitution, type DemoPerson, insertInstitutions, insertPersons, insertTeacher, planPersons, type Region, suspend } from "./world.ts";

export const SCALES = {
  tiny: { institutions: 5, persons: 60, classes: 10 },
  default: { institutions: 30, persons: 2000, classes: 120 },
} as const;
export type Scale = keyof typeof SCALES;

/** the most one trainee's claims can cost: the highest training standard (三级, ×1.3) and an evaluation subsidy */
const PER_TRAINEE_MAX_FEN = 300_000;

export interface DemoOptions {
  seed: number;
  scale: Scale;
  /** the end of the demo's history ("now"); classes of the current year are placed around it */
  now: Date;
  log?: (line: string) => void;
}

export interface Credential {
  role: string;
  username: string;
  password: string;
  scope: string;
}

export interface DemoResult {
  credentials: Credential[];
  /** classes per status */
  classCounts: Record<string, number>;
  persons: DemoPerson[];
  institutions: DemoInstitution[];
  plans: ClassPlan[];
  /** what the controls caught of the planted irregularities */
  caught: string[];
  /** the money side: claims per status, the notices, the bank batches, what the ledger spent */
  money: {
    claims: Record<string, number>;
    claimTypes: Record<string, number>;
    notices: number;
    objections: number;
    /** objections still open (the rest were decided) */
    openObjections: number;
    batches: number;
    paidRows: number;
    returnedRows: number;
    spentFen: number;
  };
}

const ROLE_PASSWORDS = ["hrss_officer", "dept_officer", "finance_officer", "institution_staff", "evaluator_staff", "enterprise_hr", "auditor", "trainee"] as const;

/**
 * A printed demo password: letters, digits and hyphens only, so it can be pasted into a shell or a
 * URL unquoted; random (not from the seed), since the seed is public.
 */
function demoPassword(): string {
  const sets = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz", "23456789"];
  const part = () => Array.from({ length: 4 }, (_, i) => sets[i % 3]![randomInt(sets[i % 3]!.length)]).join("");
  return `${part()}-${part()}-${part()}`;
}

/** Regions of the province from the seeded reference data, in code order (deterministic). */
async function loadRegions(deps: Deps): Promise<Region[]> {
  return (await deps.db.select({ code: regions.code, name: regions.name, level: regions.level, parentCode: regions.parentCode }).from(regions).orderBy(asc(regions.code))) as Region[];
}

/**
 * Loads the demo province. Needs a migrated, seeded database (reference data and calendar) without
 * business data; moves `clock` through history and leaves it at `o.now`.
 * @throws whatever a service refuses: a refusal here is a bug in the generator's plan
 */
export async function generateDemo(deps: Deps, clock: TestClock, o: DemoOptions): Promise<DemoResult> {
  const log = o.log ?? (() => {});
  const size = SCALES[o.scale];
  const root = new Prng(o.seed);
  const system: Ctx = { actor: systemActor, requestId: "demo", clientIp: null };
  const today = dateInChina(o.now);
  const started = Date.now();
  const step = (s: string) => log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${s}`);

  clock.set("2018-11-20T02:00:00Z");
  const all = await loadRegions(deps);
  const cities = all.filter((r) => r.level === "city");
  const counties = all.filter((r) => r.level === "county");
  const cal = await loadWorkCalendar(deps.db);

  step("catalogue: demo occupations, items with two versions, standards for the province and every city");
  const items = await makeCatalogue(deps, system, cities.map((c) => c.code), () => {});

  step(`institutions: ${size.institutions}${size.institutions >= 9 ? ", in every city" : ""}`);
  const institutions = await insertInstitutions(deps, root.fork("institutions"), { count: size.institutions, cities, counties, occupations: items.map((i) => i.occupation), createdAt: clock.now() });

  step("accounts: one per role, officers of every county with institutions, staff of every institution");
  const passwords: Record<string, string> = Object.fromEntries(ROLE_PASSWORDS.map((r) => [r, demoPassword()]));
  const accounts = new Accounts(deps, system, passwords);
  const officers = new Map<string, Account>();
  const officerOf = (county: string) => officers.get(county)!;
  officers.set("220102", await accounts.make("ng.officer", "南关区人社局 培训股", "220102", "hrss_officer", [{ role: "hrss_officer", scopeType: "region", regionCode: "220102" }]));
  for (const county of [...new Set(institutions.map((i) => i.regionCode))].sort()) {
    if (!officers.has(county)) officers.set(county, await accounts.make(`officer.${county}`, `${counties.find((c) => c.code === county)!.name}人社局`, county, "hrss_officer", [{ role: "hrss_officer", scopeType: "region", regionCode: county }]));
  }
  const cityOfficer = await accounts.make("cc.officer", "长春市人社局 职业能力建设处", "220100", "hrss_officer", [{ role: "hrss_officer", scopeType: "region", regionCode: "220100" }]);
  // the second review of a claim is the city's: an officer in every other city with institutions
  const cityOfficers = new Map<string, Account>([["220100", cityOfficer]]);
  for (const code of [...new Set(institutions.map((i) => i.cityCode))].sort()) {
    if (!cityOfficers.has(code)) cityOfficers.set(code, await accounts.make(`officer.${code}`, `${cities.find((c) => c.code === code)!.name}人社局`, code, "hrss_officer", [{ role: "hrss_officer", scopeType: "region", regionCode: code }]));
  }
  const deptOfficer = await accounts.make("agri.officer", "省农业农村厅（长春市）", "220100", "dept_officer", [{ role: "dept_officer", scopeType: "department", departmentCode: "agri", regionCode: "220100" }]);
  const finance = await accounts.make("finance", "省财政厅 社会保障处", "220000", "finance_officer", [{ role: "finance_officer", scopeType: "province" }]);
  const auditor = await accounts.make("auditor", "省审计厅 社保审计处", "220000", "auditor", [{ role: "auditor", scopeType: "province" }]);
  const staff = new Map<string, Account>();
  const evaluators = new Map<string, Account>();
  for (const [i, inst] of institutions.entries()) {
    const name = i === 0 ? "school.staff" : `staff.${String(i + 1).padStart(2, "0")}`;
    staff.set(inst.id, await accounts.make(name, `${inst.name} 教务`, inst.regionCode, "institution_staff", [{ role: "institution_staff", scopeType: "institution", institutionId: inst.id }]));
    if (inst.role !== "training") {
      const ename = evaluators.size === 0 ? "evaluator" : `evaluator.${String(i + 1).padStart(2, "0")}`;
      evaluators.set(inst.id, await accounts.make(ename, `${inst.name} 考评`, inst.regionCode, "evaluator_staff", [{ role: "evaluator_staff", scopeType: "institution", institutionId: inst.id }]));
    }
  }
  const enterprise = institutions.find((i) => i.type === "enterprise_center") ?? institutions[1]!;
  const hr = await accounts.make("enterprise.hr", `${enterprise.name} 人力资源部`, enterprise.regionCode, "enterprise_hr", [{ role: "enterprise_hr", scopeType: "institution", institutionId: enterprise.id }]);

  step(`persons: ${size.persons} with valid ID numbers, categories and evidence (planted: pensioners, students)`);
  const persons = planPersons(root.fork("persons"), size.persons, cities.map((c) => c.code), counties);
  const homeOf = (p: DemoPerson) => {
    const local = institutions.filter((i) => i.cityCode === p.cityCode && i.status === "approved" && i.role !== "evaluation");
    return (local.length ? local : institutions)[Number.parseInt(p.idNumber.slice(14, 17), 10) % (local.length || institutions.length)]!.id;
  };
  await insertPersons(deps, root.fork("person-rows"), persons, homeOf, clock.now());

  step("planning classes");
  const classRng = root.fork("classes");
  const plans = planClasses(classRng, { count: size.classes, institutions, items, persons, cal, today });
  // planted: the showcase's teacher is also registered at the second school of 南关区 (same ID number)
  const clash = plans.find((p) => p.planted === "teacher_clash")!;
  const src = institutions[0]!.teachers.find((t) => t.idNumber === clash.sessions[0]!.teacherKey)!;
  const copy = await insertTeacher(deps, root.fork("teacher-copy"), institutions[1]!.id, institutions[1]!.regionCode, clock.now(), src);
  clash.sessions = clash.sessions.map((s) => ({ ...s, teacherId: copy.id }));

  // claims: past classes' paid in their year, this year's in every state (the claims showcase)
  assignClaims(plans, cal, today);

  const t = new Timeline();
  // institutions: reviewed in December 2018, agreements renewed every November, one suspended this autumn
  for (const inst of institutions) {
    const officer = officerOf(inst.regionCode);
    if (inst.status === "pending") continue;
    t.add(chinaAt("2018-12-10", "10:00"), `institution review ${inst.name}`, async () => {
      if (inst.status === "returned") await transitionInstitution(deps, officer.ctx, inst.id, { action: "return", reason: "办学许可证副本不清晰，师资名单缺少职业资格证书编号，请补充后重新提交" });
      else await transitionInstitution(deps, officer.ctx, inst.id, { action: "approve" });
    });
    if (inst.status === "returned") continue;
    for (let y = 2019; `${y}-11-01` <= today; y++) {
      t.add(chinaAt(`${y}-11-01`, "09:00"), `institution renew ${inst.name} ${y}`, async () => {
        await transitionInstitution(deps, officer.ctx, inst.id, { action: "renew" });
      });
    }
    if (inst.status === "suspended") {
      const on = addDays(today, -30);
      t.add(chinaAt(on, "14:00"), `institution suspend ${inst.name}`, () => suspend(deps, inst, on, addDays(on, 180)));
    }
  }
  // funds: the province receives its money each year and passes it down: the special account to the
  // cities and 长春市's counties; the employment subsidy fund (it pays the training subsidies) to
  // every city and county with institutions
  const fundYears = [2019, 2020, 2021, Number(today.slice(0, 4))].filter((y, i, a) => a.indexOf(y) === i && `${y}-03-20` <= today);
  // the employment subsidy each county receives in a year: what its claimed classes of that year may
  // need at most (every trainee eligible at the highest standard), with a fifth more, in 10 万元 steps
  const need = new Map<string, number>();
  for (const p of plans) {
    if (!p.claim) continue;
    // a class of a year without a budget round (say, last year's class when today is in February) is paid from the latest one before it
    const y = Number(p.startDate.slice(0, 4));
    const key = `${fundYears.filter((f) => f <= y).at(-1) ?? fundYears[0]}:${p.inst.regionCode}`;
    need.set(key, (need.get(key) ?? 0) + p.roster.length * PER_TRAINEE_MAX_FEN);
  }
  const countyBudget = (y: number, county: string) => Math.ceil(((need.get(`${y}:${county}`) ?? 0) * 1.2) / 10_000_000) * 10_000_000;
  const subsidyCounties = (y: number) => [...new Set(institutions.map((i) => i.regionCode))].filter((c) => countyBudget(y, c) > 0).sort();
  const cityBudget = (y: number, city: string) => subsidyCounties(y).filter((c) => c.startsWith(city.slice(0, 4))).reduce((s, c) => s + countyBudget(y, c), 0);
  for (const y of fundYears) {
    const perCity = 80_000_000; // 80 万元 per city per year, in fen
    t.add(chinaAt(`${y}-02-20`, "10:00"), `funding ${y}`, async () => {
      await receiveFunding(deps, finance.ctx, { idempotencyKey: `demo-funding-${y}`, fundSource: "special_account", amountFen: perCity * cities.length * 2, valueDate: `${y}-02-20`, memo: `吉财社〔${y}〕12号 职业技能提升行动专账资金` });
      const subsidyFen = cities.reduce((s, c) => s + cityBudget(y, c.code), 0);
      if (subsidyFen > 0) await receiveFunding(deps, finance.ctx, { idempotencyKey: `demo-funding-es-${y}`, fundSource: "employment_subsidy", amountFen: subsidyFen, valueDate: `${y}-02-20`, memo: `吉财社〔${y}〕9号 就业补助资金（职业培训补贴）` });
    });
    t.add(chinaAt(`${y}-03-01`, "10:00"), `allocation ${y}`, async () => {
      for (const city of cities) {
        await allocateBudget(deps, finance.ctx, { idempotencyKey: `demo-alloc-${y}-${city.code}`, fundSource: "special_account", fromRegionCode: "220000", toRegionCode: city.code, amountFen: perCity, valueDate: `${y}-03-01`, memo: `吉财社〔${y}〕15号 下达${city.name}` });
        const cityFen = cityBudget(y, city.code);
        if (cityFen > 0) await allocateBudget(deps, finance.ctx, { idempotencyKey: `demo-alloc-es-${y}-${city.code}`, fundSource: "employment_subsidy", fromRegionCode: "220000", toRegionCode: city.code, amountFen: cityFen, valueDate: `${y}-03-01`, memo: `吉财社〔${y}〕11号 下达${city.name}就业补助资金` });
      }
      const cc = counties.filter((c) => c.parentCode === "220100");
      for (const c of cc) {
        await allocateBudget(deps, finance.ctx, { idempotencyKey: `demo-alloc-${y}-${c.code}`, fundSource: "special_account", fromRegionCode: "220100", toRegionCode: c.code, amountFen: Math.floor(perCity / 2 / cc.length), valueDate: `${y}-03-20`, memo: `长财社〔${y}〕8号 下达${c.name}` });
      }
      for (const code of subsidyCounties(y)) {
        const c = counties.find((x) => x.code === code)!;
        await allocateBudget(deps, finance.ctx, { idempotencyKey: `demo-alloc-es-${y}-${code}`, fundSource: "employment_subsidy", fromRegionCode: c.parentCode!, toRegionCode: code, amountFen: countyBudget(y, code), valueDate: `${y}-03-01`, memo: `${y} 年就业补助资金（职业培训补贴）下达${c.name}` });
      }
    });
  }
  const world = {
    deps,
    cal,
    today,
    now: o.now,
    officerOf,
    staffOf: (i: DemoInstitution) => staff.get(i.id)!,
    evaluatorOf: (i: DemoInstitution) => evaluators.get(i.id)!,
    log: step,
  };
  for (const p of plans) scheduleClass(t, world, classRng.fork(`class-${p.n}`), p);
  const claimWorld = { deps, cal, today, now: o.now, officerOf, cityOfficerOf: (city: string) => cityOfficers.get(city)!, staffOf: (i: DemoInstitution) => staff.get(i.id)!, finance };
  const payments = new Payments(t, claimWorld, root.fork("payments"));
  for (const p of plans) scheduleClaims(t, claimWorld, payments, classRng.fork(`claims-${p.n}`), p);

  step(`history: ${t.size} events from 2018-12 to ${today} (class workflows through the services)`);
  let lastShown = 0;
  await t.run(clock, (done, total, label) => {
    if (done - lastShown >= 100 || done === total) {
      lastShown = done;
      step(`  ${done}/${total} ${label}`);
    }
  });
  clock.set(o.now);

  step("statistics: rollups refreshed (classes, person-times, certificates, subsidies paid)");
  await refreshStats(deps.db, clock);

  step("trainee account for the phone pages");
  const showcase = plans.find((p) => p.planted === "showcase")!;
  // the first regular trainee of the showcase is the locked-out one; the phone demo is the second
  const regular = showcase.roster.filter((x) => !x.exclusion && !x.lowAttendance);
  const me = regular[1] ?? showcase.roster.at(-1)!;
  const traineeAccount = await deps.db.transaction((tx) => ensureTraineeAccount(deps, tx, system, me.id));
  await deps.db.update(users).set({ passwordHash: await hashPassword(passwords.trainee!), mustChangePassword: false }).where(eq(users.id, traineeAccount.userId));

  const rows = await deps.db.select({ status: classes.status }).from(classes);
  const classCounts = Object.fromEntries(classStatuses.map((s) => [s, rows.filter((r) => r.status === s).length]));
  const claimRows = await deps.db.select({ status: subsidyClaims.status, type: subsidyClaims.subsidyType, n: count() }).from(subsidyClaims).groupBy(subsidyClaims.status, subsidyClaims.subsidyType);
  const tally = (key: "status" | "type") => {
    const m: Record<string, number> = {};
    for (const r of claimRows) m[r[key]] = (m[r[key]] ?? 0) + r.n;
    return m;
  };
  const [spent] = await deps.db
    .select({ fen: sql<string>`coalesce(sum(${ledgerPostings.amountFen}), 0)` })
    .from(ledgerPostings)
    .innerJoin(fundAccounts, eq(fundAccounts.id, ledgerPostings.accountId))
    .where(eq(fundAccounts.kind, "expense"));
  const [open] = await deps.db.select({ n: count() }).from(subsidyObjections).where(eq(subsidyObjections.status, "open"));
  const money = { claims: tally("status"), claimTypes: tally("type"), ...payments.counts, openObjections: open!.n, spentFen: Number(spent!.fen) };
  const caught = plans.filter((p) => p.caught).map((p) => `${p.code ?? `#${p.n}`} ${p.inst.name}: ${p.caught}`);
  const credentials: Credential[] = [
    { role: "省级管理员 admin", username: "admin", password: "ADMIN_PASSWORD", scope: "全省" },
    { role: "市人社 hrss_officer", username: cityOfficer.username, password: passwords.hrss_officer!, scope: "长春市（补贴复审）" },
    { role: "区人社 hrss_officer", username: "ng.officer", password: passwords.hrss_officer!, scope: "长春市南关区（初审、公示、异议）" },
    { role: "行业部门 dept_officer", username: deptOfficer.username, password: passwords.dept_officer!, scope: "省农业农村厅 ∩ 长春市" },
    { role: "财政 finance_officer", username: finance.username, password: passwords.finance_officer!, scope: "全省（资金下达、预拨、清算、银行批次）" },
    { role: "培训机构 institution_staff", username: "school.staff", password: passwords.institution_staff!, scope: institutions[0]!.name },
    { role: "评价机构 evaluator_staff", username: "evaluator", password: passwords.evaluator_staff!, scope: institutions.find((i) => evaluators.get(i.id)?.username === "evaluator")!.name },
    { role: "企业 enterprise_hr", username: hr.username, password: passwords.enterprise_hr!, scope: enterprise.name },
    { role: "审计 auditor", username: auditor.username, password: passwords.auditor!, scope: "全省" },
    { role: "学员 trainee (/m)", username: traineeAccount.username, password: passwords.trainee!, scope: `${me.name}（${showcase.code}）` },
  ];
  step("done");
  return { credentials, classCounts, persons, institutions, plans, caught, money };
}
