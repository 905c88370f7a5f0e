/**
 * The demo province generator (npm run demo) at its tiny scale, on a fresh test database: every
 * role it prints can log in, the county officer sees only its county, every class state is there,
 * the planted irregularities were caught by the real controls, and the province is a function of
 * its seed.
 */
import { eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemo, type DemoResult } from "../scripts/demo/generate.ts";
import { Prng } from "../scripts/demo/prng.ts";
import { planPersons, type Region } from "../scripts/demo/world.ts";
import { classes } from "../src/modules/classes/index.ts";
import { regions } from "../src/modules/reference/index.ts";
import { persons } from "../src/modules/trainees/index.ts";
import { createTestEnv, login, type TestEnv } from "./harness.ts";

const SEED = 7;
const NOW = new Date("2026-12-02T10:00:00Z");

describe("npm run demo (tiny scale)", () => {
  let env: TestEnv;
  let demo: DemoResult;

  beforeAll(async () => {
    env = await createTestEnv({ now: NOW.toISOString() });
    demo = await generateDemo(env.deps, env.clock, { seed: SEED, scale: "tiny", now: NOW });
  }, 240_000);
  afterAll(async () => {
    await env?.close();
  });

  it("has classes in every state", () => {
    for (const [status, n] of Object.entries(demo.classCounts)) expect(n, status).toBeGreaterThan(0);
  });

  it("lets every printed role log in (admin comes from npm start's own bootstrap)", async () => {
    const printed = demo.credentials.filter((c) => c.username !== "admin");
    expect(printed.length).toBe(9);
    for (const c of printed) {
      const s = await login(env.app, c.username, c.password);
      const me = await s.get("/api/me");
      expect(me.statusCode, c.username).toBe(200);
      expect(me.json().user?.mustChangePassword ?? me.json().mustChangePassword, c.username).toBe(false);
    }
  });

  it("shows the 南关区 officer the classes of 南关区 and nothing else", async () => {
    const elsewhere = await env.deps.db.select({ id: classes.id }).from(classes).where(ne(classes.regionCode, "220102"));
    expect(elsewhere.length).toBeGreaterThan(0);
    const own = await env.deps.db.select({ id: classes.id }).from(classes).where(eq(classes.regionCode, "220102"));
    const officer = await login(env.app, "ng.officer", demo.credentials.find((c) => c.username === "ng.officer")!.password);
    const res = await officer.get("/api/classes?pageSize=200");
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { id: string; regionCode: string }[];
    expect(items.every((c) => c.regionCode === "220102")).toBe(true);
    expect(items.map((c) => c.id).sort()).toEqual(own.map((c) => c.id).sort());
    const other = await officer.get(`/api/classes/${elsewhere[0]!.id}`);
    expect(other.statusCode).toBe(404);
  });

  it("catches the planted irregularities with the real checks", async () => {
    const overlap = demo.plans.find((p) => p.planted === "overlap_second")!;
    const officer = await login(env.app, "ng.officer", demo.credentials.find((c) => c.username === "ng.officer")!.password);
    const view = (await officer.get(`/api/classes/${overlap.id}`)).json();
    expect(view.status).toBe("returned");
    expect(view.returnReasons.join("\n")).toMatch(/已在同期班级/);
    const clash = demo.plans.find((p) => p.planted === "teacher_clash")!;
    expect(clash.caught).toMatch(/授课教师在班级 .* 同一时间有课/);
    const [c] = await env.deps.db.select({ status: classes.status }).from(classes).where(eq(classes.id, clash.id!));
    expect(c!.status).toBe("draft");
    const showcase = demo.plans.find((p) => p.planted === "showcase")!;
    expect(showcase.caught).toMatch(/签到已锁定/);
    // pensioners and students on a roster are warned about on the class
    const warned = await env.deps.db.select({ warnings: classes.warnings }).from(classes);
    const codes = warned.flatMap((w) => (w.warnings as { code: string }[]).map((x) => x.code));
    expect(codes.some((x) => /pension|student|exclu/.test(x))).toBe(true);
  });

  it("is a function of its seed: the same seed gives the same ID numbers, all stored", async () => {
    const all = (await env.deps.db.select({ code: regions.code, name: regions.name, level: regions.level, parentCode: regions.parentCode }).from(regions)) as Region[];
    all.sort((a, b) => a.code.localeCompare(b.code));
    const cities = all.filter((r) => r.level === "city").map((r) => r.code);
    const counties = all.filter((r) => r.level === "county");
    const again = planPersons(new Prng(SEED).fork("persons"), demo.persons.length, cities, counties).map((p) => p.idNumber);
    expect(again).toEqual(demo.persons.map((p) => p.idNumber));
    const other = planPersons(new Prng(SEED + 1).fork("persons"), demo.persons.length, cities, counties).map((p) => p.idNumber);
    expect(other).not.toEqual(again);
    const stored = (await env.deps.db.select({ enc: persons.idNumberEncrypted }).from(persons)).map((p) => env.deps.crypto.decrypt(p.enc)).sort();
    expect(stored).toEqual([...again].sort());
  });
});
