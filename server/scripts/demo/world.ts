/**
 * The demo province's actors: institutions in every city (approved, plus pending, returned and
 * suspended ones), their teachers, the accounts of every role, and the registered persons.
 * Parents that have no workflow worth replaying (rows of a registration, teachers, persons) are
 * inserted; approvals and renewals go through the institutions service.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { creditCheckChar, maskIdNumber } from "../../../shared/src/ids.ts";
import type { GrantInput } from "../../../shared/src/contracts/users.ts";
import { institutionPrograms, institutionQualifications, institutions, institutionSanctions, institutionTeachers } from "../../src/modules/institutions/index.ts";
import { personCategories, personExclusions, personInstitutions, persons } from "../../src/modules/trainees/index.ts";
import { insertAccount } from "../../src/modules/users/index.ts";
import { userActor } from "../../src/platform/auth/actor.ts";
import { hashPassword } from "../../src/platform/auth/password.ts";
import type { Ctx, Deps } from "../../src/platform/context.ts";
import type { DemoOccupation } from "./catalogue.ts";
import { birthDate, CATEGORY_WEIGHTS, categoryEvidence, type Gender, idNumber, personName, phone } from "./people.ts";
import type { Prng } from "./prng.ts";

export interface Region {
  code: string;
  name: string;
  level: "province" | "city" | "county";
  parentCode: string | null;
}

/** City seats, for class sites (a few hundred metres of jitter is added per institution). */
export const CITY_CENTRES: Record<string, [number, number]> = {
  "220100": [43.8868, 125.3245],
  "220200": [43.8378, 126.5496],
  "220300": [43.1664, 124.3504],
  "220400": [42.8880, 125.1436],
  "220500": [41.7285, 125.9398],
  "220600": [41.9395, 126.4236],
  "220700": [45.1411, 124.8251],
  "220800": [45.6196, 122.8390],
  "222400": [42.8913, 129.5089],
};

const CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WORDS = ["华信", "新程", "鼎鑫", "博远", "宏达", "金桥", "恒信", "启航", "远航", "精工", "长青", "诚信", "育才", "天成", "明德", "盛华", "卓越", "同创", "润泽", "北辰", "松江", "白山", "龙腾", "嘉禾", "兴业"];

export interface DemoInstitution {
  id: string;
  name: string;
  regionCode: string;
  cityCode: string;
  status: "approved" | "pending" | "returned" | "suspended";
  role: "training" | "evaluation" | "both";
  type: string;
  occupations: DemoOccupation[];
  teachers: { id: string; name: string; idNumber: string }[];
  site: [number, number];
  /** 4-digit body code in its 职业技能等级证书 numbers (evaluation bodies) */
  bodyCode: string;
  /** the account that acts for it (institution_staff, or evaluator_staff for evaluation bodies) */
  staff?: Account;
}

export interface Account {
  userId: string;
  username: string;
  displayName: string;
  regionCode: string;
  grants: GrantInput[];
  ctx: Ctx;
}

export function creditCode(r: Prng, prefix: "52" | "91" | "12", region: string): string {
  let body = `${prefix}${region}`;
  for (let i = 0; i < 9; i++) body += r.pick([...CREDIT_ALPHABET]);
  return body + creditCheckChar(body);
}

let ctxSeq = 0;
/** A service context acting as the account (the same actor a login of it would get). */
export function ctxOf(a: { userId: string; username: string; regionCode: string; grants: GrantInput[] }): Ctx {
  const actor = userActor(
    { id: a.userId, username: a.username, regionCode: a.regionCode, mustChangePassword: false },
    a.grants.map((g) => ({
      role: g.role,
      scopeType: g.scopeType,
      regionCode: g.scopeType === "province" ? "220000" : (g.regionCode ?? null),
      departmentCode: g.departmentCode ?? null,
      institutionId: g.institutionId ?? null,
    })),
  );
  return { actor, requestId: `demo-${++ctxSeq}`, clientIp: null };
}

/** Accounts of one role share one printed password, hashed once (hashing is deliberately slow). */
export class Accounts {
  private hashes = new Map<string, Promise<string>>();
  constructor(
    private readonly deps: Deps,
    private readonly system: Ctx,
    readonly passwords: Record<string, string>,
  ) {}
  async make(username: string, displayName: string, regionCode: string, role: string, grants: GrantInput[]): Promise<Account> {
    const pw = this.passwords[role]!;
    if (!this.hashes.has(role)) this.hashes.set(role, hashPassword(pw));
    const passwordHash = await this.hashes.get(role)!;
    const u = await this.deps.db.transaction((tx) =>
      insertAccount(tx, this.system, this.deps.clock, { username, displayName, regionCode, phone: null, passwordHash, mustChangePassword: false, grants }),
    );
    const a = { userId: u.id, username, displayName, regionCode, grants };
    return { ...a, ctx: ctxOf(a) };
  }
}

/**
 * Plans and inserts institutions: at least two approved training institutions in every city (the
 * first two in 长春市南关区, where the planted irregularities live), evaluation bodies, an
 * enterprise training centre, and a few pending, returned and suspended ones. Status is set by
 * the timeline (approve/return through the service); rows start pending.
 */
export async function insertInstitutions(deps: Deps, r: Prng, o: { count: number; cities: Region[]; counties: Region[]; occupations: DemoOccupation[]; createdAt: Date }): Promise<DemoInstitution[]> {
  const countiesOf = (city: string) => o.counties.filter((c) => c.parentCode === city);
  const out: DemoInstitution[] = [];
  const used = new Set<string>();
  const plan: { region: string; status: DemoInstitution["status"]; role: DemoInstitution["role"]; type: string }[] = [];
  // the showcase: two schools in 南关区, an evaluation body in 朝阳区 that also trains
  plan.push({ region: "220102", status: "approved", role: "training", type: "private_school" });
  plan.push({ region: "220102", status: "approved", role: "training", type: "private_school" });
  plan.push({ region: "220104", status: "approved", role: "both", type: "evaluation_body" });
  let k = 0;
  while (plan.length < o.count) {
    const city = o.cities[k % o.cities.length]!;
    const county = r.pick(countiesOf(city.code));
    const n = plan.length;
    const status = n % 10 === 7 ? "pending" : n % 10 === 8 ? "suspended" : n % 13 === 9 ? "returned" : "approved";
    const role = n % 6 === 5 ? "both" : "training";
    const type = role === "both" ? "evaluation_body" : n % 9 === 4 ? "enterprise_center" : r.pick(["private_school", "private_school", "technical_school", "vocational_college", "public_base"]);
    plan.push({ region: county.code, status, role, type });
    k++;
  }
  for (const [i, p] of plan.entries()) {
    const county = o.counties.find((c) => c.code === p.region)!;
    const cityCode = county.parentCode!;
    let word = r.pick(WORDS);
    while (used.has(`${county.code}${word}`)) word = r.pick(WORDS);
    used.add(`${county.code}${word}`);
    const place = county.name.replace(/(朝鲜族|满族|蒙古族)?自治县$|(市|区|县)$/, "");
    const name =
      p.type === "evaluation_body"
        ? `吉林省${word}职业技能评价中心（${place}）`
        : p.type === "enterprise_center"
          ? `吉林${word}装备制造有限公司职工培训中心`
          : p.type === "technical_school"
            ? `${place}${word}技工学校`
            : p.type === "vocational_college"
              ? `${place}${word}职业技术学院`
              : `${place}${word}职业技能培训学校`;
    const [lat, lng] = CITY_CENTRES[cityCode] ?? [43.88, 125.32];
    const site: [number, number] = [lat + (r.next() - 0.5) * 0.06, lng + (r.next() - 0.5) * 0.08];
    const id = randomUUID();
    const occs = i < 3 ? o.occupations.slice(0, Math.min(4, o.occupations.length)) : r.shuffle(o.occupations).slice(0, r.int(2, 4));
    const bank = `62220${String(r.int(0, 99_999_999_999_999)).padStart(14, "0")}`;
    await deps.db.insert(institutions).values({
      id,
      creditCode: creditCode(r, p.type === "enterprise_center" ? "91" : p.type === "technical_school" || p.type === "vocational_college" ? "12" : "52", county.code),
      name,
      type: p.type as (typeof institutions.$inferInsert)["type"],
      role: p.role,
      status: "pending",
      regionCode: county.code,
      address: `${county.name}${r.pick(["人民大街", "解放路", "建设街", "新华路", "工农大路", "长江路", "珠江路", "繁荣路"])} ${r.int(1, 999)} 号`,
      publicPhone: `0431-8${String(r.int(0, 9_999_999)).padStart(7, "0")}`,
      licenceNo: `教民${county.code}${String(r.int(0, 9_999_999)).padStart(7, "0")}`,
      licenceValidUntil: "2029-12-31",
      contactName: personName(r, r.chance(0.5) ? "male" : "female"),
      contactPhone: phone(r),
      bankAccountName: name,
      bankName: `${r.pick(["中国工商银行", "中国建设银行", "中国农业银行", "吉林银行", "中国银行"])}${place}支行`,
      bankAccountEncrypted: deps.crypto.encrypt(bank),
      bankAccountLast4: bank.slice(-4),
      createdAt: o.createdAt,
      updatedAt: o.createdAt,
    });
    await deps.db.insert(institutionPrograms).values([...new Set(occs.flatMap((x) => x.programs))].map((programCode) => ({ institutionId: id, programCode })));
    await deps.db.insert(institutionQualifications).values(
      occs.map((x) => ({ id: randomUUID(), institutionId: id, occupationCode: x.code, occupationName: x.name, maxLevel: 3, capacity: 200, state: "active" as const, createdAt: o.createdAt })),
    );
    const teachers: DemoInstitution["teachers"] = [];
    for (let t = 0; t < 6; t++) teachers.push(await insertTeacher(deps, r, id, county.code, o.createdAt));
    out.push({ id, name, regionCode: county.code, cityCode, status: p.status, role: p.role, type: p.type, occupations: occs, teachers, site, bodyCode: String(1001 + i) });
  }
  return out;
}

export async function insertTeacher(deps: Deps, r: Prng, institutionId: string, region: string, at: Date, same?: { name: string; idNumber: string }) {
  const gender: Gender = r.chance(0.6) ? "male" : "female";
  const name = same?.name ?? personName(r, gender);
  const id = same?.idNumber ?? idNumber(region, birthDate(r, r.int(1968, 1992)), r.int(0, 999), gender);
  const tid = randomUUID();
  await deps.db.insert(institutionTeachers).values({
    id: tid,
    institutionId,
    name,
    idNumberEncrypted: deps.crypto.encrypt(id),
    idNumberHash: deps.crypto.lookupHash(id),
    idNumberMasked: maskIdNumber(id),
    qualifications: r.pick(["高级技师", "技师", "高级工", "讲师", "高级讲师"]),
    employment: r.chance(0.7) ? "full_time" : "part_time",
    createdAt: at,
  });
  return { id: tid, name, idNumber: id };
}

/** A suspended institution carries the sanction that suspended it (level 2: no new classes for a while). */
export async function suspend(deps: Deps, inst: DemoInstitution, on: string, until: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.insert(institutionSanctions).values({ id: randomUUID(), institutionId: inst.id, level: 2, date: on, until, reason: "抽查发现学员签到与实际到课不符，暂停开班", createdAt: now });
  await deps.db.update(institutions).set({ status: "suspended", sanctionedUntil: until, updatedAt: now }).where(eq(institutions.id, inst.id));
}

export interface DemoPerson {
  id: string;
  idNumber: string;
  name: string;
  gender: Gender;
  birthYear: number;
  residence: string;
  cityCode: string;
  /** planted: a pensioner or a full-time student among the registered */
  exclusion: "pensioner" | "student" | null;
  /** planted: attends only about half of the sessions */
  lowAttendance: boolean;
}

/**
 * The persons, as a pure function of the seed: ID numbers, names, residence across the counties of
 * each city (weighted toward 长春市), birth years of working age, with ~1.5 % pensioners and ~1.5 %
 * students, and ~4 % who will attend badly.
 */
export function planPersons(r: Prng, count: number, cities: string[], counties: Region[]): DemoPerson[] {
  const out: DemoPerson[] = [];
  const seen = new Set<string>();
  const weight = (c: string) => (c === "220100" ? 4 : c === "220200" ? 2 : 1);
  const cityWeights = cities.map((c) => [c, weight(c)] as const);
  for (let i = 0; out.length < count; i++) {
    // the first persons of 长春市南关区 carry the showcase's planted facts
    const cityCode = i < 40 ? "220100" : r.weighted(cityWeights);
    const residence = i < 40 ? "220102" : r.pick(counties.filter((c) => c.parentCode === cityCode)).code;
    const exclusion = i === 3 || i === 9 || r.chance(0.015) ? "pensioner" : i === 5 || i === 11 || r.chance(0.015) ? "student" : null;
    const birthYear = exclusion === "pensioner" ? r.int(1958, 1964) : exclusion === "student" ? r.int(2004, 2006) : r.int(1968, 2002);
    const gender: Gender = exclusion === "pensioner" && r.chance(0.6) ? "female" : r.chance(0.52) ? "male" : "female";
    const household = r.chance(0.8) ? residence : r.pick(counties).code;
    const id = idNumber(household, birthDate(r, birthYear), r.int(0, 999), gender);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ id: "", idNumber: id, name: personName(r, gender), gender, birthYear, residence, cityCode, exclusion, lowAttendance: i === 7 || r.chance(0.04) });
  }
  return out;
}

/** Inserts planned persons (in batches) with their categories, evidence and exclusions. */
export async function insertPersons(deps: Deps, r: Prng, people: DemoPerson[], registeredBy: (p: DemoPerson) => string, at: Date): Promise<void> {
  const sensitive = new Set(["disabled", "poor_labor"]);
  for (let b = 0; b < people.length; b += 250) {
    const batch = people.slice(b, b + 250);
    const rows = [];
    const cats = [];
    const excl = [];
    const links = [];
    for (const p of batch) {
      p.id = randomUUID();
      const year = 2019 + r.int(0, 2);
      const category = p.exclusion === "student" ? "two_after" : r.weighted(CATEGORY_WEIGHTS);
      const ev = categoryEvidence(r, category, year);
      rows.push({
        id: p.id,
        idNumberEncrypted: deps.crypto.encrypt(p.idNumber),
        idNumberHash: deps.crypto.lookupHash(p.idNumber),
        idNumberMasked: maskIdNumber(p.idNumber),
        name: p.name,
        gender: p.gender,
        birthYear: p.birthYear,
        phone: phone(r),
        householdRegionCode: p.idNumber.slice(0, 6),
        residenceRegionCode: p.residence,
        education: r.pick(["primary", "junior_high", "junior_high", "senior_high", "junior_college", "bachelor"]),
        primaryCategory: category,
        createdAt: at,
        updatedAt: at,
      });
      cats.push({
        personId: p.id,
        category,
        evidenceType: ev.evidenceType,
        evidenceRef: sensitive.has(category) ? null : ev.ref,
        evidenceRefEncrypted: sensitive.has(category) ? deps.crypto.encrypt(ev.ref) : null,
        evidenceDate: ev.date,
        createdAt: at,
      });
      if (p.exclusion === "pensioner") excl.push({ personId: p.id, kind: "pensioner" as const, source: "城乡居民养老保险待遇领取名册比对", recordedOn: "2019-03-01", createdAt: at });
      if (p.exclusion === "student") excl.push({ personId: p.id, kind: "student" as const, source: "全日制在校生学籍库比对（非毕业年度）", recordedOn: "2019-03-01", createdAt: at });
      links.push({ personId: p.id, institutionId: registeredBy(p), firstLinkedAt: at, createdRecord: true });
    }
    await deps.db.insert(persons).values(rows);
    await deps.db.insert(personCategories).values(cats);
    if (excl.length) await deps.db.insert(personExclusions).values(excl);
    await deps.db.insert(personInstitutions).values(links);
  }
}
