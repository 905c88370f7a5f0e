import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser } from "../../../test/factories.ts";
import { anonymous, createTestEnv, type Session, type TestEnv } from "../../../test/harness.ts";
import { itemVersionInForce } from "./index.ts";

let env: TestEnv;
let admin: Session;
let changchun: Session;
let jilin: Session;
let nanguan: Session;
let veterans: Session;
let trainee: Session;
let lathe2022: string;

const version = { effectiveFrom: "2026-01-01", minHours: 80, maxHours: 200, minTheoryPercent: 20, minPracticePercent: 50, modes: ["offline", "blended"] };
const itemBody = (code: string, extra: Record<string, unknown> = {}) => ({
  code,
  occupationId: lathe2022,
  trainingType: "employment",
  certificateTypes: ["skill_level"],
  skillLevels: ["5", "4", "3"],
  industryCode: "advanced_equipment",
  programCodes: ["K1"],
  firstVersion: version,
  ...extra,
});

beforeAll(async () => {
  env = await createTestEnv(); // clock: 2026-03-02
  admin = await (await makeUser(env, { regionCode: "220000", grants: [grant.admin()] })).session();
  changchun = await (await makeUser(env, { regionCode: "220100", grants: [grant.officer("220100")] })).session();
  jilin = await (await makeUser(env, { regionCode: "220200", grants: [grant.officer("220200")] })).session();
  nanguan = await (await makeUser(env, { regionCode: "220102", grants: [grant.officer("220102")] })).session();
  veterans = await (await makeUser(env, { regionCode: "220000", grants: [grant.dept("veterans")] })).session();
  trainee = await (await makeUser(env, { regionCode: "220102", grants: [{ role: "trainee", scopeType: "self" }] })).session();
  const occ = (await admin.get("/api/occupations?q=6-18-01-01")).json();
  lathe2022 = occ.items.find((o: { edition: number }) => o.edition === 2022).id;
});
afterAll(() => env?.close());

describe("occupations", () => {
  it("ships 车工 6-18-01-01 in both editions, marked as demo data", async () => {
    const res = await admin.get("/api/occupations?q=车工");
    expect(res.statusCode).toBe(200);
    const list = res.json().items;
    expect(list.map((o: { edition: number; code: string; demo: boolean }) => [o.edition, o.code, o.demo])).toEqual([
      [2015, "6-18-01-01", true],
      [2022, "6-18-01-01", true],
    ]);
  });

  it("only province grants maintain occupations; codes are validated", async () => {
    expect((await changchun.post("/api/occupations", { edition: 2022, code: "9-99-99-01", name: "测试职业" })).json().error.code).toBe("catalogue.province_only");
    const bad = await admin.post("/api/occupations", { edition: 2019, code: "6-18-1-1", name: "" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(["body.edition", "body.code", "body.name"]));
    expect((await admin.post("/api/occupations", { edition: 2022, code: "6-18-01-01", name: "重复" })).json().error.code).toBe("occupation.code_taken");
  });
});

describe("catalogue items and versions", () => {
  let itemId: string;
  let firstVersionId: string;

  it("creates a draft item with its first version; a city officer cannot", async () => {
    expect((await changchun.post("/api/catalogue/items", itemBody("CC-1"))).json().error.code).toBe("catalogue.province_only");
    const res = await admin.post("/api/catalogue/items", itemBody("T-LATHE"));
    expect(res.statusCode).toBe(201);
    const item = res.json();
    expect(item).toMatchObject({ status: "draft", displayName: "车工", occupation: { code: "6-18-01-01", edition: 2022 }, abilities: { publish: true, withdraw: false } });
    expect(item.currentVersion).toMatchObject({ effectiveFrom: "2026-01-01", effectiveTo: null, minTheoryPercent: 20, minPracticePercent: 50 });
    itemId = item.id;
    firstVersionId = item.versions[0].id;
    expect((await admin.post("/api/catalogue/items", itemBody("T-LATHE"))).json().error.code).toBe("catalogue.code_taken");
  });

  it("reports every problem of an item at once", async () => {
    const res = await admin.post(
      "/api/catalogue/items",
      itemBody("T-BAD", { trainingType: "nope", skillLevels: [], programCodes: ["Z9"], firstVersion: { ...version, minHours: 100, maxHours: 50, minTheoryPercent: 60 } }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues.map((i: { path: string }) => i.path)).toEqual(
      expect.arrayContaining(["body.trainingType", "body.skillLevels", "body.programCodes[0]", "body.firstVersion.maxHours", "body.firstVersion.minPracticePercent"]),
    );
    expect((await admin.get("/api/catalogue/items?q=T-BAD")).json().total).toBe(0);
  });

  it("publishes, withdraws and re-publishes; a published item's occupation is locked", async () => {
    const pub = await admin.post(`/api/catalogue/items/${itemId}/publish`);
    expect(pub.json()).toMatchObject({ status: "published", abilities: { withdraw: true } });
    expect((await admin.post(`/api/catalogue/items/${itemId}/publish`)).json().error.code).toBe("catalogue.bad_transition");
    expect((await admin.patch(`/api/catalogue/items/${itemId}`, { skillLevels: ["5"] })).json().error.code).toBe("catalogue.item_locked");
    // programs can still change
    expect((await admin.patch(`/api/catalogue/items/${itemId}`, { programCodes: ["K1", "E1"] })).json().programCodes).toEqual(["K1", "E1"]);
    expect((await admin.post(`/api/catalogue/items/${itemId}/withdraw`)).json().status).toBe("withdrawn");
    expect((await admin.post(`/api/catalogue/items/${itemId}/publish`)).json().status).toBe("published");
  });

  it("versions by effective date: overlap refused, in-force version kept terms, itemVersionInForce", async () => {
    const next = { ...version, effectiveFrom: "2027-01-01", minHours: 90 };
    const overlap = await admin.post(`/api/catalogue/items/${itemId}/versions`, next);
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().error).toMatchObject({ code: "catalogue.version_overlap", details: { conflicting: [{ id: firstVersionId }] } });
    // the version in force may not change its terms, only its end
    expect((await admin.patch(`/api/catalogue/items/${itemId}/versions/${firstVersionId}`, { minHours: 10 })).json().error.code).toBe("catalogue.version_locked");
    expect((await admin.patch(`/api/catalogue/items/${itemId}/versions/${firstVersionId}`, { effectiveTo: "2026-12-31" })).statusCode).toBe(200);
    const added = await admin.post(`/api/catalogue/items/${itemId}/versions`, next);
    expect(added.statusCode).toBe(201);
    expect(added.json().versions.map((v: { effectiveFrom: string; effectiveTo: string | null }) => [v.effectiveFrom, v.effectiveTo])).toEqual([
      ["2026-01-01", "2026-12-31"],
      ["2027-01-01", null],
    ]);
    expect((await itemVersionInForce(env.deps.db, itemId, "2026-12-31"))?.minHours).toBe(80);
    expect((await itemVersionInForce(env.deps.db, itemId, "2027-01-01"))?.minHours).toBe(90);
    expect(await itemVersionInForce(env.deps.db, itemId, "2025-12-31")).toBeNull();
  });

  it("scope: department officers see drafts of their programs only; everyone logged in sees published items", async () => {
    const k3 = (await admin.post("/api/catalogue/items", itemBody("T-VET", { programCodes: ["K3"] }))).json();
    const k4 = (await admin.post("/api/catalogue/items", itemBody("T-DIS", { programCodes: ["K4"] }))).json();
    const codes = async (s: Session) => (await s.get("/api/catalogue/items?q=T-")).json().items.map((i: { code: string }) => i.code).sort();
    expect(await codes(veterans)).toEqual(["T-LATHE", "T-VET"]);
    expect(await codes(trainee)).toEqual(["T-LATHE"]);
    expect(await codes(changchun)).toEqual(["T-DIS", "T-LATHE", "T-VET"]);
    expect((await veterans.get(`/api/catalogue/items/${k4.id}`)).json().error.code).toBe("catalogue.item_not_found");
    expect((await trainee.get(`/api/catalogue/items/${k3.id}`)).statusCode).toBe(404);
    expect((await anonymous(env.app).get("/api/catalogue/items")).statusCode).toBe(401);
  });
});

describe("subsidy standards", () => {
  let itemId: string;
  let provinceStd: string;
  let changchunStd: string;
  const std = (extra: Record<string, unknown> = {}) => ({
    itemId,
    regionCode: "220000",
    certificateType: "skill_level",
    skillLevel: "4",
    amountFen: 150_000,
    blendedFactorPercent: 70,
    effectiveFrom: "2026-01-01",
    ...extra,
  });

  beforeAll(async () => {
    itemId = (await admin.get("/api/catalogue/items?q=T-LATHE")).json().items[0].id;
  });

  it("amounts are integer fen: fractions, negatives and strings are field errors", async () => {
    for (const amountFen of [1500.5, -1, "150000"]) {
      const res = await admin.post("/api/standards", std({ amountFen }));
      expect(res.statusCode, String(amountFen)).toBe(400);
      expect(res.json().error.details.issues.map((i: { path: string }) => i.path)).toContain("body.amountFen");
    }
    const bad = await admin.post("/api/standards", std({ regionCode: "220102", skillLevel: "1" }));
    expect(bad.json().error.details.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(["body.regionCode", "body.skillLevel"]));
  });

  it("refuses an overlapping period for the same key", async () => {
    const res = await admin.post("/api/standards", std());
    expect(res.statusCode).toBe(201);
    provinceStd = res.json().id;
    const overlap = await admin.post("/api/standards", std({ effectiveFrom: "2026-06-01", amountFen: 160_000 }));
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().error).toMatchObject({ code: "standard.overlap", details: { conflicting: [{ id: provinceStd }] } });
    // another level is another key
    expect((await admin.post("/api/standards", std({ skillLevel: "3", amountFen: 200_000 }))).statusCode).toBe(201);
  });

  it("a city officer writes its own city's standards only", async () => {
    const own = await changchun.post("/api/standards", std({ regionCode: "220100", amountFen: 180_000, shortageFactorPercent: 90 }));
    expect(own.statusCode).toBe(201);
    changchunStd = own.json().id;
    const other = await changchun.post("/api/standards", std({ regionCode: "220200" }));
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe("standard.scope_outside");
    expect((await changchun.post("/api/standards", std({ regionCode: "220000", effectiveFrom: "2030-01-01" }))).json().error.code).toBe("standard.scope_outside");
    // the province default is visible to the city but not writable by it
    expect((await changchun.patch(`/api/standards/${provinceStd}`, { note: "改" })).json().error.code).toBe("standard.scope_outside");
    // another city's standard is simply not found
    expect((await jilin.get(`/api/standards/${changchunStd}`)).json().error.code).toBe("standard.not_found");
    expect((await jilin.patch(`/api/standards/${changchunStd}`, { note: "改" })).statusCode).toBe(404);
    expect((await jilin.delete(`/api/standards/${changchunStd}`)).statusCode).toBe(404);
  });

  it("a city grant does not reach a 省直管 county that sets its own standards (通化 220500 vs 梅河口 220581)", async () => {
    const own = (await admin.post("/api/catalogue/items", itemBody("T-MHK"))).json().id;
    const tonghua = await (await makeUser(env, { regionCode: "220500", grants: [grant.officer("220500")] })).session();
    const meihekou = await (await makeUser(env, { regionCode: "220581", grants: [grant.officer("220581")] })).session();
    const mhk = await meihekou.post("/api/standards", std({ itemId: own, regionCode: "220581", amountFen: 140_000, effectiveFrom: "2026-06-01" }));
    expect(mhk.statusCode).toBe(201);
    const refused = await tonghua.post("/api/standards", std({ itemId: own, regionCode: "220581", skillLevel: "3", amountFen: 1 }));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe("standard.scope_outside");
    // 通化 reads 梅河口's standard (it lies under 2205) but may neither change nor delete it, and its buttons say so
    expect((await tonghua.get(`/api/standards/${mhk.json().id}`)).json().abilities).toEqual({ update: false, delete: false });
    expect((await tonghua.patch(`/api/standards/${mhk.json().id}`, { amountFen: 1 })).statusCode).toBe(403);
    expect((await tonghua.delete(`/api/standards/${mhk.json().id}`)).statusCode).toBe(403);
    expect((await meihekou.get(`/api/standards/${mhk.json().id}`)).json().amountFen).toBe(140_000);
    // 通化's own city standard stays its own
    expect((await tonghua.post("/api/standards", std({ itemId: own, regionCode: "220500" }))).statusCode).toBe(201);
  });

  it("lists across regions: each city sees its own and the province default, a county sees its city's", async () => {
    const regions = async (s: Session) => [...new Set((await s.get(`/api/standards?itemId=${itemId}`)).json().items.map((i: { regionCode: string }) => i.regionCode))].sort();
    expect(await regions(jilin)).toEqual(["220000"]);
    expect(await regions(changchun)).toEqual(["220000", "220100"]);
    expect(await regions(nanguan)).toEqual(["220000", "220100"]);
    expect(await regions(admin)).toEqual(["220000", "220100"]);
  });

  it("an effective standard keeps its amount; a future one can be deleted", async () => {
    expect((await admin.patch(`/api/standards/${provinceStd}`, { amountFen: 1 })).json().error.code).toBe("standard.locked");
    expect((await admin.delete(`/api/standards/${provinceStd}`)).json().error.code).toBe("standard.locked");
    const future = (await admin.post("/api/standards", std({ regionCode: "220200", effectiveFrom: "2027-01-01" }))).json();
    expect((await admin.patch(`/api/standards/${future.id}`, { amountFen: 170_000 })).json().amountFen).toBe(170_000);
    expect((await jilin.delete(`/api/standards/${future.id}`)).statusCode).toBe(200);
  });

  it("lookup: county → city standard, factors applied, source row named", async () => {
    const res = await nanguan.get(`/api/standards/lookup?itemId=${itemId}&regionCode=220102&certificateType=skill_level&skillLevel=4&mode=blended&date=2026-03-02`);
    expect(res.statusCode).toBe(200);
    // 1800.00 元 × 90% × 70% = 1134.00 元
    expect(res.json()).toMatchObject({ amountFen: 113_400, baseAmountFen: 180_000, resolvedRegionCode: "220100", standardId: changchunStd, rounding: "half_up_fen" });
    const jl = (await jilin.get(`/api/standards/lookup?itemId=${itemId}&regionCode=220202&certificateType=skill_level&skillLevel=4&date=2026-03-02`)).json();
    expect(jl).toMatchObject({ amountFen: 150_000, resolvedRegionCode: "220000", standardId: provinceStd });
    const none = await jilin.get(`/api/standards/lookup?itemId=${itemId}&regionCode=220202&certificateType=skill_level&skillLevel=5`);
    expect(none.json().error.code).toBe("standard.not_applicable");
  });

  it("every change is in the audit log", async () => {
    const log = (await admin.get(`/api/audit?entityType=subsidy_standard&entityId=${changchunStd}`)).json();
    expect(log.items.map((e: { action: string }) => e.action)).toEqual(["standard.created"]);
    expect(log.items[0].regionCode).toBe("220100");
  });
});

describe("public catalogue (no login)", () => {
  it("lists published items in force with the chosen city's standards, and only public fields", async () => {
    const pub = anonymous(env.app);
    const res = await pub.get("/api/public/catalogue?regionCode=220102&date=2026-03-02&q=T-");
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items.map((i: { code: string }) => i.code)).toEqual(["T-LATHE"]);
    const item = body.items[0];
    expect(item.abilities).toBeUndefined();
    expect(item.status).toBeUndefined();
    const l4 = item.standards.find((s: { skillLevel: string }) => s.skillLevel === "4");
    expect(l4).toMatchObject({ regionCode: "220100", amountFen: 162_000, blendedFactorPercent: 70 }); // 1800 × 90%
    const l3 = item.standards.find((s: { skillLevel: string }) => s.skillLevel === "3");
    expect(l3).toMatchObject({ regionCode: "220000", amountFen: 200_000 });
    // filters
    expect((await pub.get("/api/public/catalogue?programCode=K4")).json().total).toBe(0);
    expect((await pub.get("/api/public/catalogue?q=车工&skillLevel=3")).json().total).toBe(1);
    // the total counts the whole match (not just the page), also past the last page
    const all = (await pub.get("/api/public/catalogue?pageSize=200&date=2026-03-02")).json();
    expect(all.total).toBe(all.items.length);
    expect(all.total).toBeGreaterThan(0);
    expect((await pub.get("/api/public/catalogue?pageSize=1&page=1&date=2026-03-02")).json()).toMatchObject({ total: all.total, page: 1, items: [{ code: all.items[0].code }] });
    expect((await pub.get(`/api/public/catalogue?pageSize=1&page=${all.total + 1}&date=2026-03-02`)).json()).toMatchObject({ total: all.total, items: [] });
    // a draft is not public
    const draft = (await admin.get("/api/catalogue/items?q=T-VET")).json().items[0];
    expect((await pub.get(`/api/public/catalogue/${draft.id}`)).json().error.code).toBe("catalogue.item_not_found");
    expect((await pub.get(`/api/public/catalogue/${item.id}?regionCode=220200`)).json().standards.every((s: { regionCode: string }) => s.regionCode === "220000")).toBe(true);
  });
});

describe("evaluation standards (评价补贴)", () => {
  it("are their own type: beside a training standard of the same key, listed by type, looked up without mode factor, shown on the portal", async () => {
    const itemId = (await admin.get("/api/catalogue/items?q=T-LATHE")).json().items[0].id;
    const body = { subsidyType: "evaluation", itemId, regionCode: "220100", certificateType: "skill_level", skillLevel: "4", amountFen: 25_000, effectiveFrom: "2026-01-01" };
    const created = await changchun.post("/api/standards", body);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ subsidyType: "evaluation", amountFen: 25_000, onlineFactorPercent: 100, blendedFactorPercent: 100 });
    const refused = await changchun.post("/api/standards", { ...body, skillLevel: "3", onlineFactorPercent: 80 });
    expect(refused.json().error.details.issues).toEqual([{ path: "body.onlineFactorPercent", code: "evaluation_factor", message: "评价补贴标准不按培训方式或紧缺程度调整，线上系数须为 100%" }]);

    const evaluation = (await changchun.get(`/api/standards?itemId=${itemId}&subsidyType=evaluation`)).json();
    expect(evaluation.items.map((s: { id: string }) => s.id)).toEqual([created.json().id]);
    const training = (await changchun.get(`/api/standards?itemId=${itemId}&subsidyType=training`)).json();
    expect(training.total).toBeGreaterThan(0);
    expect(training.items.every((s: { subsidyType: string }) => s.subsidyType === "training")).toBe(true);

    const q = `itemId=${itemId}&regionCode=220102&certificateType=skill_level&skillLevel=4&mode=blended&date=2026-03-02`;
    expect((await nanguan.get(`/api/standards/lookup?${q}&subsidyType=evaluation`)).json()).toMatchObject({ subsidyType: "evaluation", amountFen: 25_000, modeFactorPercent: 100, standardId: created.json().id });
    expect((await nanguan.get(`/api/standards/lookup?${q}`)).json()).toMatchObject({ subsidyType: "training", amountFen: 113_400 });

    const item = (await anonymous(env.app).get("/api/public/catalogue?regionCode=220102&date=2026-03-02&q=T-LATHE")).json().items[0];
    const level4 = item.standards.filter((s: { skillLevel: string }) => s.skillLevel === "4");
    expect(level4.map((s: { subsidyType: string; amountFen: number }) => [s.subsidyType, s.amountFen])).toEqual([
      ["training", 162_000],
      ["evaluation", 25_000],
    ]);
  });
});
