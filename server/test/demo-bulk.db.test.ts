/**
 * The bulk rows of the benchmark scales (npm run demo -- --scale province|three-years), at a tiny
 * size on top of the tiny demo province: the counts it was asked for, valid and decryptable ID
 * numbers, attendance only in sessions already held of classes that ran and only by the enrolled,
 * certificates only for passes, and the same rows again from the same seed.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uuid } from "../../shared/src/contracts/common.ts";
import { checkIdNumber } from "../../shared/src/ids.ts";
import { type BulkResult, type BulkSize, generateBulk } from "../scripts/demo/bulk.ts";
import { generateDemo } from "../scripts/demo/generate.ts";
import { createTestEnv, login, type TestEnv } from "./harness.ts";

const SEED = 11;
const NOW = new Date("2026-12-02T10:00:00Z");
const SIZE: BulkSize = { persons: 400, years: [2021, 2026], classesPerYear: 12, roster: [5, 8], days: [3, 5] };

async function rows<T>(env: TestEnv, q: ReturnType<typeof sql>): Promise<T[]> {
  return ((await env.deps.db.execute(q)) as unknown as { rows: T[] }).rows;
}

describe("demo bulk rows (tiny size)", () => {
  let env: TestEnv;
  let before: { persons: number; classes: number; enrollments: number; checkins: number };
  let bulk: BulkResult;
  let officerPassword: string;

  beforeAll(async () => {
    env = await createTestEnv({ now: NOW.toISOString() });
    const demo = await generateDemo(env.deps, env.clock, { seed: SEED, scale: "tiny", now: NOW });
    officerPassword = demo.credentials.find((c) => c.username === "ng.officer")!.password;
    before = (
      await rows<typeof before>(env, sql`select (select count(*)::int from persons) as persons, (select count(*)::int from classes) as classes,
      (select count(*)::int from class_enrollments) as enrollments, (select count(*)::int from attendance_checkins) as checkins`)
    )[0]!;
    bulk = await generateBulk(env.deps, { seed: SEED, size: SIZE, now: NOW });
  }, 300_000);
  afterAll(async () => {
    await env?.close();
  });

  it("adds the persons and classes asked for, with rosters, sessions and check-ins", () => {
    expect(bulk.persons - before.persons).toBe(400);
    expect(bulk.classes - before.classes).toBe(24);
    expect(bulk.enrollments - before.enrollments).toBeGreaterThanOrEqual(24 * 5);
    expect(bulk.enrollments - before.enrollments).toBeLessThanOrEqual(24 * 8);
    expect(bulk.checkins).toBeGreaterThan(before.checkins);
    expect(bulk.certificates).toBeGreaterThan(0);
  });

  it("stores valid ID numbers encrypted and keyed-hashed as registration does", async () => {
    const ps = await rows<{ enc: string; hash: string; masked: string; residence: string }>(
      env,
      sql`select id_number_encrypted as enc, id_number_hash as hash, id_number_masked as masked, residence_region_code as residence from persons where created_by is null`,
    );
    expect(ps.length).toBeGreaterThanOrEqual(400);
    for (const p of ps) {
      const id = env.deps.crypto.decrypt(p.enc);
      expect(checkIdNumber(id, "2026-12-02").ok, id).toBe(true);
      expect(env.deps.crypto.lookupHash(id)).toBe(p.hash);
      expect(p.masked).toBe(`${id.slice(0, 3)}**************${id.slice(-1)}`);
    }
  });

  it("has bulk classes in the states their dates allow: past years assessed/finished/cancelled, this year every state", async () => {
    const st = await rows<{ year: string; status: string }>(env, sql`select distinct substr(code, 3, 4) as year, status from classes where code like 'PX%'`);
    const of = (y: string) => new Set(st.filter((x) => x.year === y).map((x) => x.status));
    for (const s of of("2021")) expect(["assessed", "finished", "cancelled"]).toContain(s);
    expect(of("2021").has("assessed")).toBe(true);
    expect(of("2026").has("assessed")).toBe(true);
    expect([...of("2026")].some((s) => ["draft", "submitted", "returned", "approved", "in_progress"].includes(s))).toBe(true);
  });

  it("records check-ins only of the enrolled, in sessions already held of classes that ran, within the class's site", async () => {
    const [bad] = await rows<{ n: number }>(
      env,
      sql`select count(*)::int as n from attendance_checkins a join class_sessions s on s.id = a.session_id join classes c on c.id = a.class_id
        left join class_enrollments e on e.class_id = a.class_id and e.person_id = a.person_id and e.status = 'enrolled'
        where c.code like 'PX%' and (s.class_id <> a.class_id or e.id is null or s.starts_at > ${NOW} or c.status not in ('in_progress', 'finished', 'assessed')
          or a.distance_m > c.geofence_radius_m or (a.kind = 'out' and not s.require_check_out))`,
    );
    expect(bad!.n).toBe(0);
    const [some] = await rows<{ n: number }>(env, sql`select count(*)::int as n from attendance_checkins a join classes c on c.id = a.class_id where c.code like 'PX%'`);
    expect(some!.n).toBeGreaterThan(0);
  });

  it("issues certificates only to passes of assessed classes, with numbers the real check accepts", async () => {
    const [bad] = await rows<{ n: number }>(
      env,
      sql`select count(*)::int as n from certificates z join class_enrollments e on e.id = z.enrollment_id join classes c on c.id = z.class_id
        where c.code like 'PX%' and (e.result <> 'pass' or c.status <> 'assessed' or z.person_id <> e.person_id)`,
    );
    expect(bad!.n).toBe(0);
    const certs = await rows<{ number: string; name: string; type: string }>(
      env,
      sql`select z.number, p.name, z.type from certificates z join classes c on c.id = z.class_id join persons p on p.id = z.person_id where c.code like 'PX%' order by z.type, z.number`,
    );
    for (const type of new Set(certs.map((c) => c.type))) {
      const cert = certs.find((c) => c.type === type)!;
      const res = await env.app.inject({ method: "GET", url: `/api/public/certificates/verify?number=${encodeURIComponent(cert.number)}&name=${encodeURIComponent(cert.name)}` });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().status).toBe("valid");
    }
  });

  it("shows the 南关区 officer its bulk residents through the real list, and the enrolling school its trainees", async () => {
    const officer = await login(env.app, "ng.officer", officerPassword);
    const [own] = await rows<{ n: number }>(env, sql`select count(*)::int as n from persons where residence_region_code = '220102' and id_number_masked is not null and created_by is null`);
    const list = (await officer.get("/api/persons?pageSize=1")).json();
    expect(list.total).toBeGreaterThanOrEqual(own!.n);
    const [linked] = await rows<{ n: number }>(
      env,
      sql`select count(*)::int as n from class_enrollments e join classes c on c.id = e.class_id left join person_institutions pi on pi.person_id = e.person_id and pi.institution_id = c.institution_id where c.code like 'PX%' and pi.person_id is null`,
    );
    expect(linked!.n).toBe(0);
  });

  it("opens a bulk person and a bulk class through the console's detail routes (ids are valid uuids)", async () => {
    const officer = await login(env.app, "ng.officer", officerPassword);
    const [p] = await rows<{ id: string }>(env, sql`select id from persons where residence_region_code = '220102' and created_by is null order by id limit 1`);
    const person = await officer.get(`/api/persons/${p!.id}`);
    expect(person.statusCode, person.body).toBe(200);
    const ids = await rows<{ id: string }>(
      env,
      sql`(select id from classes where code like 'PX%') union all (select id from class_sessions where class_id in (select id from classes where code like 'PX%'))
        union all (select id from class_enrollments where class_id in (select id from classes where code like 'PX%'))`,
    );
    for (const { id } of ids) expect(uuid.safeParse(id).success, id).toBe(true);
  });

  it("is a function of its seed: ids and choices are the same on a second run", async () => {
    const a = await rows<{ id: string; person_id: string; result: string | null }>(env, sql`select e.id, e.person_id, e.result from class_enrollments e join classes c on c.id = e.class_id where c.code like 'PX%' order by e.id`);
    const again = await createTestEnv({ now: NOW.toISOString() });
    try {
      await generateDemo(again.deps, again.clock, { seed: SEED, scale: "tiny", now: NOW });
      await generateBulk(again.deps, { seed: SEED, size: SIZE, now: NOW });
      const b = await rows<{ id: string; person_id: string; result: string | null }>(again, sql`select e.id, e.person_id, e.result from class_enrollments e join classes c on c.id = e.class_id where c.code like 'PX%' order by e.id`);
      expect(b).toEqual(a);
    } finally {
      await again.close();
    }
  }, 300_000);
});
