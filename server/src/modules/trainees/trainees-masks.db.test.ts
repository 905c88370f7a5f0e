/**
 * Issue #7 "masks that reconstruct": everything a role without person.view_id (institution staff,
 * an auditor) can read about a person — persons list and detail, the class roster, the attendance
 * summary, the audit log — and everything stored in plain in the persons and teachers rows, taken
 * together, must leave ≥ 10,000 candidate ID numbers. The attacker is given the address code for
 * free (the household region is usually it), so the counts are lower bounds.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countIdCandidates } from "../../../../shared/src/ids.ts";
import { grant, makeUser } from "../../../test/factories.ts";
import { createTestEnv, type TestEnv } from "../../../test/harness.ts";
import { makeClass, makeWorld } from "../classes/classes.factory.ts";
import { makeIdNumber } from "./trainees.factory.ts";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

const TODAY = "2026-03-02";

/** What an observer learned about one ID number, whatever the field names of the screen. */
interface Seen {
  masks: string[];
  birthDates: string[];
  birthYears: number[];
  genders: string[];
}
const nothingSeen = (): Seen => ({ masks: [], birthDates: [], birthYears: [], genders: [] });

/** Collects identity fields from every object in `json` that is about `personId`. */
function collect(json: unknown, personId: string, into: Seen, about = false): Seen {
  if (Array.isArray(json)) for (const x of json) collect(x, personId, into, about);
  else if (json !== null && typeof json === "object") {
    const o = json as Record<string, unknown>;
    const here = about || o.id === personId || o.personId === personId || o.entityId === personId;
    if (here) {
      if (typeof o.idNumberMasked === "string") into.masks.push(o.idNumberMasked);
      if (typeof o.birthDate === "string") into.birthDates.push(o.birthDate);
      if (typeof o.birthYear === "number") into.birthYears.push(o.birthYear);
      if (typeof o.gender === "string") into.genders.push(o.gender);
    }
    for (const v of Object.values(o)) collect(v, personId, into, here);
  }
  return into;
}

/** Would `candidate` have produced everything in `seen`? */
function consistent(seen: Seen, candidate: string): boolean {
  const date = `${candidate.slice(6, 10)}-${candidate.slice(10, 12)}-${candidate.slice(12, 14)}`;
  const gender = Number(candidate[16]) % 2 === 1 ? "male" : "female";
  return (
    seen.masks.every((m) => m.length === candidate.length && [...m].every((ch, i) => ch === "*" || ch === candidate[i])) &&
    seen.birthDates.every((d) => d === date || d.replace(/-/g, "") === date.replace(/-/g, "")) &&
    seen.birthYears.every((y) => y === Number(candidate.slice(6, 10))) &&
    seen.genders.every((g) => g === gender)
  );
}

const candidates = (id: string, seen: Seen) => countIdCandidates(id.slice(0, 6), Number(id.slice(6, 10)), TODAY, (c) => consistent(seen, c));

describe("masked identities cannot be rebuilt", () => {
  it("through the API by roles without person.view_id: ≥ 10,000 candidates from all their screens together", async () => {
    const w = await makeWorld(env, { roster: 1 });
    const staff = await w.staff.session();
    const idNumber = makeIdNumber({ region: "220102", birth: "1987-06-15", seq: 357 });
    const reg = await staff.post("/api/persons", {
      idNumber,
      name: "赵一鸣",
      phone: "13900000001",
      householdRegionCode: "220102",
      residenceRegionCode: "220102",
    });
    expect(reg.statusCode).toBe(201);
    const personId: string = reg.json().person.id;
    const cls = await makeClass(env, w, { body: { roster: [w.persons[0]!.id, personId] }, status: "approved" });
    const auditor = await (await makeUser(env, { regionCode: "220000", grants: [grant.auditor()] })).session();

    const bodies = [
      await staff.get("/api/persons?pageSize=100"),
      await staff.get(`/api/persons/${personId}`),
      await staff.get(`/api/classes/${cls.id}`),
      await staff.get(`/api/attendance/classes/${cls.id}/summary`),
      await auditor.get(`/api/audit?entityId=${personId}`),
      await auditor.get(`/api/persons/${personId}`),
    ];
    for (const b of bodies) expect(b.statusCode, b.body).toBe(200);
    const seen = nothingSeen();
    for (const b of bodies) collect(b.json(), personId, seen);
    expect(seen.masks.length).toBeGreaterThanOrEqual(5);

    for (const b of bodies) {
      expect(b.body).not.toContain("1987-06-15");
      expect(b.body).not.toContain("19870615");
    }
    expect(candidates(idNumber, seen)).toBeGreaterThanOrEqual(10_000);
  });

  it("from the database without the key: ≥ 10,000 candidates from the plain columns of persons and teachers", async () => {
    const w = await makeWorld(env, { roster: 1 });
    const staff = await w.staff.session();
    const idNumber = makeIdNumber({ region: "220102", birth: "1979-11-23", seq: 246 });
    const reg = await staff.post("/api/persons", {
      idNumber,
      name: "钱二妹",
      householdRegionCode: "220102",
      residenceRegionCode: "220102",
    });
    expect(reg.statusCode).toBe(201);
    const teacherId = makeIdNumber({ region: "220102", birth: "1975-02-03", seq: 135 });
    const t = await staff.post(`/api/institutions/${w.institution.id}/teachers`, { name: "孙老师", idNumber: teacherId, employment: "part_time" });
    expect(t.statusCode, t.body).toBe(201);

    // every column, whatever the schema calls it: dates, years, genders and masks are what leak
    const rows = async (q: ReturnType<typeof sql>) => ((await env.deps.db.execute(q)) as unknown as { rows: Record<string, unknown>[] }).rows;
    const [person] = await rows(sql`select * from persons where id = ${reg.json().person.id}::uuid`);
    const [teacher] = await rows(sql`select * from institution_teachers where id = ${t.json().id}::uuid`);
    for (const [row, id] of [
      [person!, idNumber],
      [teacher!, teacherId],
    ] as const) {
      const seen = nothingSeen();
      for (const [k, v] of Object.entries(row)) {
        if (k === "id_number_masked") seen.masks.push(String(v));
        if (k === "birth_date") seen.birthDates.push(v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
        if (k === "birth_year") seen.birthYears.push(Number(v));
        if (k === "gender") seen.genders.push(String(v));
      }
      const dump = JSON.stringify(row);
      expect(dump).not.toContain(id.slice(6, 14));
      expect(candidates(id, seen)).toBeGreaterThanOrEqual(10_000);
    }
  });

  it("cannot be confirmed by trying the candidates through the exact look-up: 120 an hour, then 429", async () => {
    const w = await makeWorld(env, { roster: 1 });
    const staff = await w.staff.session();
    const tries = [];
    for (let i = 0; i < 121; i++) tries.push((await staff.post("/api/persons/find-by-id-number", { idNumber: makeIdNumber({ seq: i }) })).statusCode);
    expect(tries.slice(0, 120).every((s) => s === 200)).toBe(true);
    expect(tries[120]).toBe(429);
  });

  // A roster import answers row by row whether an ID number is registered (the differences the
  // registry finding asks for): for callers without person.view_id it is rationed like the exact
  // look-up, so trying the ~16,600 numbers one mask leaves takes days, not one upload.
  it("cannot be confirmed through roster imports in one go either: 3,000 distinct ID numbers a day, then 429", async () => {
    const w = await makeWorld(env, { roster: 1 });
    const staff = await w.staff.session();
    const all: string[] = [];
    countIdCandidates("220102", 1983, TODAY, (c) => {
      if (all.length < 3001) all.push(c);
      return false;
    });
    const upload = (ids: string[]) =>
      staff.request({
        method: "POST",
        url: "/api/trainee-imports?mode=dry-run&filename=guess.csv",
        payload: Buffer.from(`\uFEFF身份证号,姓名,居住地区划代码\r\n${ids.map((id) => `${id},某某,220102`).join("\r\n")}\r\n`, "utf8"),
        headers: { "content-type": "text/csv" },
      });
    const whole = await upload(all);
    expect(whole.statusCode).toBe(429);
    expect(whole.json().error).toMatchObject({ code: "request.rate_limited", details: { limit: 3000 } });
    expect((await upload(all.slice(0, 2000))).statusCode).toBe(200);
    expect((await upload(all.slice(1000, 3000))).statusCode).toBe(200);
    // numbers already checked today cost nothing again (a dry run and its commit, a re-run)
    expect((await upload(all.slice(0, 3000))).statusCode).toBe(200);
    expect((await upload(all.slice(3000, 3001))).statusCode).toBe(429);
    // officers who may see full numbers are not rationed
    const officer = await w.officer.session();
    expect((await officer.request({ method: "POST", url: "/api/trainee-imports?mode=dry-run&filename=o.csv", payload: Buffer.from(`身份证号,姓名,居住地区划代码\r\n${all[0]},某某,220102\r\n`, "utf8"), headers: { "content-type": "text/csv" } })).statusCode).toBe(200);
  });
});
