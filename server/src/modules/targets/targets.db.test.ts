import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser } from "../../../test/factories.ts";
import { createTestEnv, type Session, type TestEnv } from "../../../test/harness.ts";

let env: TestEnv;
let province: Session;
let changchun: Session;
let jilinCity: Session;
let nanguan: Session;
let agriInChangchun: Session;
let auditor: Session;

/** a target at a level, as the console sends it */
const body = (o: { period?: string; line?: string; regionCode: string; departmentCode?: string | null; target: number; baseVersion?: number; reason?: string }) => ({
  period: o.period ?? "2025",
  line: o.line ?? "total",
  regionCode: o.regionCode,
  departmentCode: o.departmentCode ?? null,
  target: o.target,
  reason: o.reason ?? "年度任务分解",
  baseVersion: o.baseVersion ?? 0,
});

async function cascade(s: Session, q: string) {
  const res = await s.get(`/api/targets/cascade?${q}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

beforeAll(async () => {
  env = await createTestEnv();
  province = await (await makeUser(env, { regionCode: "220000", grants: [grant.officer("220000")], displayName: "省厅王科长" })).session();
  changchun = await (await makeUser(env, { regionCode: "220100", grants: [grant.officer("220100")], displayName: "长春李科长" })).session();
  jilinCity = await (await makeUser(env, { regionCode: "220200", grants: [grant.officer("220200")] })).session();
  nanguan = await (await makeUser(env, { regionCode: "220102", grants: [grant.officer("220102")] })).session();
  agriInChangchun = await (await makeUser(env, { regionCode: "220100", grants: [{ role: "dept_officer", scopeType: "department", departmentCode: "agri", regionCode: "220100" }] })).session();
  auditor = await (await makeUser(env, { regionCode: "220100", grants: [grant.auditor("220100")] })).session();
});
afterAll(() => env?.close());

describe("targets: the plan's figures on a fresh platform", () => {
  it("the province sees 230,000 for 2019, 700,000 over three years, and the programs' targets", async () => {
    const res = await province.get("/api/targets/overview?year=2019");
    expect(res.statusCode, res.body).toBe(200);
    const o = res.json();
    expect(o).toMatchObject({ year: 2019, scopeRegionCode: "220000", total: { target: 230_000 } });
    expect(o.children).toHaveLength(9);
    expect(o.children[0]).toEqual({ regionCode: "220100", regionName: "长春市", target: null });
    expect(o.programs).toEqual(
      expect.arrayContaining([
        { programCode: "K4", programName: "残疾人职业技能培训", target: 20_000 },
        { programCode: "K5", programName: "新型职业农民培训", target: 30_000 },
        { programCode: "S1", programName: "省级首席技师工作室", target: 10 },
      ]),
    );
    const cycle = await cascade(province, "period=2019-2021");
    expect(cycle.node).toMatchObject({ regionCode: "220000", target: 700_000, version: 1, updatedByName: "系统" });
    expect((await cascade(province, "period=2019-2021&line=E5")).node.target).toBe(20_000);
    const history = (await province.get("/api/targets/history?period=2019&line=total&regionCode=220000")).json();
    expect(history.items[0].reason).toContain("吉政办发〔2019〕38号");
  });
});

describe("targets: the cascade province → cities → counties", () => {
  it("the province splits its total to cities; the city to its counties; each sees only its own tree", async () => {
    expect((await province.put("/api/targets", body({ regionCode: "220000", target: 250_000 }))).statusCode).toBe(200);
    const cc = await province.put("/api/targets", body({ regionCode: "220100", target: 80_000 }));
    expect(cc.statusCode, cc.body).toBe(200);
    expect(cc.json()).toMatchObject({ regionName: "长春市", target: 80_000, version: 1, updatedByName: "省厅王科长" });
    expect((await province.put("/api/targets", body({ regionCode: "220200", target: 50_000 }))).statusCode).toBe(200);
    expect((await changchun.put("/api/targets", body({ regionCode: "220102", target: 12_000 }))).statusCode).toBe(200);

    const view = await cascade(changchun, "period=2025");
    expect(view.node).toMatchObject({ regionCode: "220100", target: 80_000, childrenSum: 12_000, abilities: { edit: false } });
    expect(view.parentRegionCode).toBeNull();
    expect(view.children.find((c: { regionCode: string }) => c.regionCode === "220102")).toMatchObject({ target: 12_000, abilities: { edit: true } });
    expect(view.children.every((c: { regionCode: string }) => c.regionCode.startsWith("2201"))).toBe(true);

    const o = (await changchun.get("/api/targets/overview?year=2025")).json();
    expect(o.scopeRegionCode).toBe("220100");
    expect(o.total.target).toBe(80_000);
    expect(o.children.find((c: { regionCode: string }) => c.regionCode === "220102").target).toBe(12_000);
    const county = (await nanguan.get("/api/targets/overview?year=2025")).json();
    expect(county).toMatchObject({ scopeRegionCode: "220102", total: { target: 12_000 }, children: [] });
  });

  it("children may not add up to more than their parent: target.exceeds_parent, with the sums", async () => {
    const res = await changchun.put("/api/targets", body({ regionCode: "220103", target: 68_001 }));
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: "target.exceeds_parent", details: { relation: "region", parentTarget: 80_000, childrenSum: 80_001 } });
    expect((await changchun.put("/api/targets", body({ regionCode: "220103", target: 68_000 }))).statusCode).toBe(200);
    const over = await province.put("/api/targets", body({ regionCode: "220300", target: 250_000 - 130_000 + 1 }));
    expect(over.json().error.code).toBe("target.exceeds_parent");
  });

  it("a parent may not fall below what its children already hold: target.below_children", async () => {
    const res = await province.put("/api/targets", body({ regionCode: "220100", target: 79_999, baseVersion: 1 }));
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: "target.below_children", details: { relation: "region", childrenSum: 80_000 } });
    const top = await province.put("/api/targets", body({ regionCode: "220000", target: 129_999, baseVersion: 1 }));
    expect(top.json().error.code).toBe("target.below_children");
  });

  it("a level is edited by its owner only: the city never sets its own total, the county never its own", async () => {
    const own = await changchun.put("/api/targets", body({ regionCode: "220100", target: 90_000, baseVersion: 1 }));
    expect(own.statusCode).toBe(403);
    expect(own.json().error.code).toBe("target.not_owner");
    expect((await nanguan.put("/api/targets", body({ regionCode: "220102", target: 1, baseVersion: 1 }))).json().error.code).toBe("target.not_owner");
    // the province sets cities, not counties: a county's target is its city's to set
    expect((await province.put("/api/targets", body({ regionCode: "220104", target: 1 }))).json().error.code).toBe("target.not_owner");
    expect((await auditor.put("/api/targets", body({ regionCode: "220104", target: 1 }))).statusCode).toBe(403);
  });

  it("a city never sees or edits another city's targets: not found", async () => {
    const edit = await changchun.put("/api/targets", body({ regionCode: "220204", target: 1 }));
    expect(edit.statusCode).toBe(404);
    expect(edit.json().error.code).toBe("target.not_found");
    expect((await changchun.get("/api/targets/cascade?period=2025&regionCode=220200")).statusCode).toBe(404);
    expect((await changchun.get("/api/targets/history?period=2025&line=total&regionCode=220200")).statusCode).toBe(404);
    expect((await jilinCity.get("/api/targets/cascade?period=2025&regionCode=220102")).statusCode).toBe(404);
    expect((await nanguan.get("/api/targets/cascade?period=2025&regionCode=220103")).statusCode).toBe(404);
  });

  it("refuses negative targets, years that do not exist and unknown lines, each with its own code", async () => {
    const neg = await changchun.put("/api/targets", body({ regionCode: "220104", target: -1 }));
    expect([neg.statusCode, neg.json().error.code]).toEqual([400, "target.negative"]);
    for (const period of ["2018", "2028", "2019-2020"]) {
      const res = await province.put("/api/targets", body({ period, regionCode: "220100", target: 1 }));
      expect([res.statusCode, res.json().error.code], period).toEqual([400, "target.year_out_of_range"]);
    }
    expect((await province.get("/api/targets/overview?year=2017")).json().error.code).toBe("target.year_out_of_range");
    expect((await province.put("/api/targets", body({ line: "Z9", regionCode: "220100", target: 1 }))).json().error.code).toBe("target.not_found");
    const bad = await province.put("/api/targets", { period: "2025", line: "total", regionCode: "220100", target: 1.5, reason: "", baseVersion: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(["body.target", "body.reason"]));
  });
});

describe("targets: history", () => {
  it("every change is a new version with who, when and why; a stale edit is refused", async () => {
    env.clock.set("2026-03-02T01:10:00Z");
    const res = await province.put("/api/targets", body({ regionCode: "220100", target: 85_000, baseVersion: 1, reason: "吉人社函〔2025〕12号 追加任务" }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().version).toBe(2);
    const stale = await province.put("/api/targets", body({ regionCode: "220100", target: 86_000, baseVersion: 1 }));
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: "target.version_conflict", details: { currentVersion: 2 } });
    const h = (await changchun.get("/api/targets/history?period=2025&line=total&regionCode=220100")).json();
    expect(h.items.map((i: { version: number; target: number }) => [i.version, i.target])).toEqual([
      [2, 85_000],
      [1, 80_000],
    ]);
    expect(h.items[0]).toMatchObject({ byName: "省厅王科长", reason: "吉人社函〔2025〕12号 追加任务", at: "2026-03-02T01:10:00.000Z" });
    const admin = await (await makeUser(env, { regionCode: "220000", grants: [grant.admin()] })).session();
    const log = (await admin.get("/api/audit?action=target.set&regionCode=220100")).json();
    expect(log.items[0]).toMatchObject({ actorRole: "hrss_officer", before: { target: 80_000, version: 1 }, after: { target: 85_000, version: 2 } });
    expect(log.items[0].entity).toEqual({ name: "2025年 长春市 补贴性职业技能培训（第 2 版）", href: "/targets?period=2025&line=total&region=220100" });
  });

  it("the database refuses to change or remove a version", async () => {
    await expect(env.deps.db.execute(sql`update target_versions set target = 1`)).rejects.toThrow();
    await expect(env.deps.db.execute(sql`delete from target_versions`)).rejects.toThrow();
  });

  it("two editors saving the same target at once: one wins, the other is told to refresh", async () => {
    const answers = await Promise.all([40_000, 41_000].map((target) => province.put("/api/targets", body({ regionCode: "220500", target }))));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.statusCode === 409)!.json().error.code).toBe("target.version_conflict");
  });
});

describe("targets: departments and the plan's years", () => {
  it("a city splits its target among departments; the department sees its share within its region only", async () => {
    const share = await changchun.put("/api/targets", body({ regionCode: "220100", departmentCode: "agri", target: 20_000 }));
    expect(share.statusCode, share.body).toBe(200);
    expect((await changchun.put("/api/targets", body({ regionCode: "220100", departmentCode: "disabled", target: 65_001 }))).json().error).toMatchObject({
      code: "target.exceeds_parent",
      details: { relation: "department", parentTarget: 85_000 },
    });
    expect((await nanguan.put("/api/targets", body({ regionCode: "220102", departmentCode: "agri", target: 3_000 }))).statusCode).toBe(200);
    const o = (await agriInChangchun.get("/api/targets/overview?year=2025")).json();
    expect(o).toMatchObject({ scopeRegionCode: "220100", total: { target: 20_000 } });
    expect(o.children.find((c: { regionCode: string }) => c.regionCode === "220102").target).toBe(3_000);
    const view = await cascade(agriInChangchun, "period=2025");
    expect(view.node).toMatchObject({ departmentCode: "agri", departmentName: "省农业农村厅", target: 20_000 });
    expect(view.departments).toEqual([]);
    expect((await agriInChangchun.put("/api/targets", body({ regionCode: "220102", departmentCode: "agri", target: 1 }))).statusCode).toBe(403);
    expect((await agriInChangchun.get("/api/targets/history?period=2025&line=total&regionCode=220100&departmentCode=disabled")).statusCode).toBe(404);
    expect((await agriInChangchun.get("/api/targets/history?period=2025&line=total&regionCode=220100")).statusCode).toBe(404);
  });

  it("the plan's three years add up to at most the three-year target", async () => {
    expect((await province.put("/api/targets", body({ period: "2020", regionCode: "220000", target: 235_000 }))).statusCode).toBe(200);
    const res = await province.put("/api/targets", body({ period: "2021", regionCode: "220000", target: 700_000 - 230_000 - 235_000 + 1 }));
    expect(res.json().error).toMatchObject({ code: "target.exceeds_parent", details: { relation: "period", parentTarget: 700_000, childrenSum: 700_001 } });
    expect((await province.put("/api/targets", body({ period: "2021", regionCode: "220000", target: 235_000 }))).statusCode).toBe(200);
    const cycle = await province.put("/api/targets", body({ period: "2019-2021", regionCode: "220000", target: 699_999, baseVersion: 1 }));
    expect(cycle.json().error).toMatchObject({ code: "target.below_children", details: { relation: "period", childrenSum: 700_000 } });
    expect((await cascade(province, "period=2020")).cycleTarget).toBe(700_000);
  });
});

describe("skill structure (G2, G3)", () => {
  async function certify(levels: string[], issueDate: string) {
    const { makeInstitution, makeClassRow, makePersons } = await import("../classes/classes.factory.ts");
    const { certificates, classEnrollments } = await import("../classes/index.ts");
    const inst = await makeInstitution(env, { regionCode: "220102" });
    const cls = await makeClassRow(env, { institution: { id: inst.id, regionCode: "220102" }, status: "assessed" });
    const people = await makePersons(env, inst.id, levels.length);
    for (const [i, level] of levels.entries()) {
      const enrollmentId = randomUUID();
      await env.deps.db.insert(classEnrollments).values({ id: enrollmentId, classId: cls.id, personId: people[i]!.id, enrolledAt: env.clock.now() });
      await env.deps.db.insert(certificates).values({
        id: randomUUID(),
        enrollmentId,
        personId: people[i]!.id,
        classId: cls.id,
        type: "skill_level",
        level,
        number: `S${randomUUID().slice(0, 12)}`,
        issueDate,
        issuerInstitutionId: inst.id,
        verifyToken: randomUUID(),
        createdAt: env.clock.now(),
      });
    }
  }

  it("the province enters the year's counts; the platform adds its certificates by level and shows the shares", async () => {
    await certify(["5", "5", "4", "3", "2"], "2025-06-30");
    await certify(["1"], "2024-12-31");
    const body = { year: 2025, employed: 1_000, skilled: 200, highSkilled: 57, reason: "吉林省统计局 2024 年末数", baseVersion: 0 };
    const res = await province.put("/api/targets/skill-structure", body);
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json();
    expect(v.certificates.map((c: { level: string; count: number }) => [c.level, c.count])).toEqual([
      ["5", 2],
      ["4", 1],
      ["3", 1],
      ["2", 1],
      ["1", 0],
    ]);
    expect(v.base).toEqual({ skilledShare: 0.2, highSkilledShare: 0.285 });
    expect(v.withCertificates.skilledShare).toBeCloseTo(0.205);
    expect(v.withCertificates.highSkilledShare).toBeCloseTo(59 / 205);
    expect(v.goals).toEqual({ skilledShare: 0.25, highSkilledShare: 0.3 });
    expect(v.entered).toMatchObject({ version: 1, byName: "省厅王科长" });
    expect(v.series.map((s: { year: number }) => s.year)).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025]);
    const city = (await changchun.get("/api/targets/skill-structure?year=2025")).json();
    expect(city.abilities.enter).toBe(false);
    expect(city.entered.employed).toBe(1_000);
    await expect(env.deps.db.execute(sql`delete from skill_structure_versions`)).rejects.toThrow();
  });

  it("only the province enters them; counts must be whole, non-negative and consistent", async () => {
    const b = { year: 2024, employed: 1_000, skilled: 200, highSkilled: 50, reason: "统计局", baseVersion: 0 };
    expect((await changchun.put("/api/targets/skill-structure", b)).json().error.code).toBe("target.not_owner");
    expect((await province.put("/api/targets/skill-structure", { ...b, skilled: -1 })).json().error.code).toBe("target.negative");
    expect((await province.put("/api/targets/skill-structure", { ...b, skilled: 1_001 })).json().error.code).toBe("target.counts_inconsistent");
    expect((await province.put("/api/targets/skill-structure", { ...b, year: 2030 })).json().error.code).toBe("target.year_out_of_range");
    expect((await province.put("/api/targets/skill-structure", { ...b, baseVersion: 3 })).json().error.code).toBe("target.version_conflict");
  });
});
