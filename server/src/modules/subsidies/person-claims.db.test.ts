import { eq } from "drizzle-orm";
import { maskName } from "../../../../shared/src/ids.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, login, type Session, type TestEnv } from "../../../test/harness.ts";
import { AppError } from "../../platform/http/errors.ts";
import { certificates } from "../classes/index.ts";
import { ensureTraineeAccount } from "../trainees/index.ts";
import { users } from "../users/index.ts";
import { generateClaim } from "./claims.generate.ts";
import { getClaim } from "./claims.read.ts";
import { reviewClaim, signCommitment, submitClaim } from "./claims.review.ts";
import { currentCommitment, currentPersonCommitment } from "./commitment.ts";
import { getPublicNotice, linesCleared, listPublicNotices, publishNotice } from "./notices.service.ts";
import { enterInsuredMonths, markLinesPaid } from "./person-claims.ts";
import { type AssessedClass, makeAssessedClass } from "./subsidies.factory.ts";

let env: TestEnv;
let a: AssessedClass;
const accounts: { username: string; password: string }[] = [];
/** a fresh phone session (the tests move the clock past the idle timeout) */
const trainees = Array.from({ length: 4 }, (_, i) => ({
  get: async (url: string) => (await login(env.app, accounts[i]!.username, accounts[i]!.password)).get(url),
  post: async (url: string, body: unknown) => (await login(env.app, accounts[i]!.username, accounts[i]!.password)).post(url, body),
}));
const certOf: string[] = [];
const sign = { textVersion: currentPersonCommitment.version, textHash: currentPersonCommitment.hash };

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return { status: e.status, code: e.code };
    throw e;
  }
  throw new Error("expected a refusal");
}

const mine = async (s: Pick<Session, "get">) => {
  const res = await s.get("/api/my/subsidies");
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    lines: { id: string; subsidyType: string; status: string; reason: string; amountFen: number; payeeType: string; claimCode: string }[];
    certificates: { id: string; blockedReason: string | null }[];
  };
};

beforeAll(async () => {
  env = await createTestEnv();
  // four trainees who passed a class; their certificates are 四级 职业技能等级证书 (skill-upgrading applies)
  a = await makeAssessedClass(env, [{}, {}, {}, {}]);
  for (const [i, p] of a.persons.entries()) {
    const [c] = await env.deps.db.select().from(certificates).where(eq(certificates.personId, p.id));
    await env.deps.db.update(certificates).set({ type: "skill_level", level: "4" }).where(eq(certificates.id, c!.id));
    certOf[i] = c!.id;
    const acc = await env.deps.db.transaction((tx) => ensureTraineeAccount(env.deps, tx, env.system, p.id));
    await env.deps.db.update(users).set({ mustChangePassword: false }).where(eq(users.id, acc.userId));
    accounts[i] = { username: acc.username, password: acc.temporaryPassword! };
  }
}, 180_000);
afterAll(() => env?.close());

describe("skill-upgrading subsidy filed by the insured person", () => {
  let claimId: string;

  it("is filed on the phone with the person's certificate and waits for the county's insured months", async () => {
    const before = await mine(trainees[0]!);
    expect(before.certificates).toEqual([expect.objectContaining({ id: certOf[0], blockedReason: null })]);
    const res = await trainees[0]!.post("/api/my/subsidies/skill-upgrading", { certificateId: certOf[0], ...sign });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ eligible: false, reason: "参保月数待县级人社部门核验", amountFen: 0 });
    claimId = res.json().claimId;
    const after = await mine(trainees[0]!);
    expect(after.lines).toEqual([expect.objectContaining({ subsidyType: "skill_upgrading", status: "in_review", reason: "参保月数待县级人社部门核验", payeeType: "person" })]);
    expect(after.certificates[0]!.blockedReason).toBe("该证书已申领技能提升补贴");
    // a second filing for the same certificate is refused
    const again = await trainees[0]!.post("/api/my/subsidies/skill-upgrading", { certificateId: certOf[0], ...sign });
    expect(again.json().error.code).toBe("claim.already_claimed");
  });

  it("cannot pass the county before the insured months are entered; once entered (24) it is eligible for 1500 yuan", async () => {
    expect(await refusal(reviewClaim(env.deps, a.countyCtx, claimId, { step: "county", decision: "approve" }))).toEqual({ status: 409, code: "claim.insurance_unverified" });
    const before = await getClaim(env.deps, a.countyCtx, claimId);
    expect(before).toMatchObject({ classId: null, institutionId: null, personName: a.persons[0]!.name, subsidyType: "skill_upgrading", status: "submitted" });
    expect(before.abilities).toMatchObject({ countyApprove: false, verifyInsurance: true });
    // the city never enters the months: that is the county's check
    expect(await refusal(enterInsuredMonths(env.deps, a.cityCtx, claimId, { months: 24, evidence: "x" }))).toMatchObject({ status: 403 });
    const c = await enterInsuredMonths(env.deps, a.countyCtx, claimId, { months: 24, evidence: "失业保险缴费记录 2024-03 至 2026-02" });
    expect(c.totalFen).toBe(150_000);
    expect(c.lines[0]).toMatchObject({ eligible: true, reason: "符合补贴条件", amountFen: 150_000, policyVersion: "jl-2019-1", payee: { type: "person", id: a.persons[0]!.id } });
    expect(c.lines[0]!.inputs).toMatchObject({ person: { insuredMonths: 24 }, insuranceEvidence: { months: 24, evidence: "失业保险缴费记录 2024-03 至 2026-02" } });
  });

  it("goes through both reviews and the notice like a class claim; the trainee sees 审核中 → 公示中 → 待支付 → 已支付", async () => {
    await reviewClaim(env.deps, a.countyCtx, claimId, { step: "county", decision: "approve" });
    expect((await mine(trainees[0]!)).lines[0]).toMatchObject({ status: "in_review", reason: "待市级复审" });
    await reviewClaim(env.deps, a.cityCtx, claimId, { step: "city", decision: "approve" });
    await publishNotice(env.deps, a.countyCtx, { title: "技能提升补贴公示", claimIds: [claimId] });
    expect((await mine(trainees[0]!)).lines[0]).toMatchObject({ status: "in_notice", amountFen: 150_000 });
    env.clock.set("2026-04-20T02:00:00Z");
    expect((await mine(trainees[0]!)).lines[0]).toMatchObject({ status: "to_pay", reason: "公示期满，待支付" });
    // the payment step sees this line like any other cleared line
    const cleared = await linesCleared(env.deps.db, "2026-04-20", claimId);
    expect(cleared).toEqual([{ id: expect.any(String), amountFen: 150_000 }]);
    await markLinesPaid(env.deps.db, [cleared[0]!.id], env.clock.now());
    expect((await mine(trainees[0]!)).lines[0]).toMatchObject({ status: "paid" });
  });

  it("is refused with its reason when the insured months are short", async () => {
    const res = await trainees[1]!.post("/api/my/subsidies/skill-upgrading", { certificateId: certOf[1], ...sign });
    expect(res.statusCode, res.body).toBe(200);
    const c = await enterInsuredMonths(env.deps, a.countyCtx, res.json().claimId, { months: 8, evidence: "参保记录" });
    expect(c.lines[0]).toMatchObject({ eligible: false, reason: "参保 8 个月，不足 12 个月", amountFen: 0 });
    expect((await mine(trainees[1]!)).lines).toEqual([expect.objectContaining({ status: "ineligible", reason: "参保 8 个月，不足 12 个月", amountFen: 0 })]);
  });

  it("is never combined with a training subsidy for the same certificate, either way round", async () => {
    const training = await generateClaim(env.deps, a.world.staffCtx, a.classId, { subsidyType: "training" });
    const line = (i: number) => training.lines.find((l) => l.personId === a.persons[i]!.id)!;
    // person 0 holds the skill-upgrading subsidy for this certificate: no training subsidy for it
    expect(line(0)).toMatchObject({ eligible: false, reason: "同一证书不能同时享受培训补贴和技能提升补贴" });
    // person 2 has the training subsidy line: the phone filing is refused, and the form says why
    expect(line(2)).toMatchObject({ eligible: true });
    const res = await trainees[2]!.post("/api/my/subsidies/skill-upgrading", { certificateId: certOf[2], ...sign });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe("claim.combined_with_training");
    const view = await mine(trainees[2]!);
    expect(view.certificates[0]!.blockedReason).toBe("该证书已享受培训补贴，不能同时申领技能提升补贴");
    expect(view.lines).toEqual([expect.objectContaining({ subsidyType: "training", status: "to_claim", reason: "培训机构尚未提交申领" })]);
  });

  it("reads only the caller's own lines; another trainee's certificate is not found; a stale commitment is refused", async () => {
    const view = await mine(trainees[1]!);
    const own = (await getClaim(env.deps, a.countyCtx, (await generateClaim(env.deps, a.world.staffCtx, a.classId, { subsidyType: "training" })).id)).lines.find((l) => l.personId === a.persons[1]!.id)!;
    expect(view.lines.map((l) => l.subsidyType).sort()).toEqual(["skill_upgrading", "training"]);
    expect(view.lines.some((l) => l.id === own.id)).toBe(true);
    const othersLines = (await mine(trainees[0]!)).lines.map((l) => l.id);
    expect(view.lines.some((l) => othersLines.includes(l.id))).toBe(false);
    const foreign = await trainees[3]!.post("/api/my/subsidies/skill-upgrading", { certificateId: certOf[2], ...sign });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe("claim.certificate_not_found");
    const stale = await trainees[3]!.post("/api/my/subsidies/skill-upgrading", { certificateId: certOf[3], textVersion: "old", textHash: "0".repeat(64) });
    expect(stale.json().error.code).toBe("claim.commitment_outdated");
    // a trainee holds no claim.read: the console list of claims is not theirs
    expect((await trainees[3]!.get("/api/claims")).statusCode).toBe(403);
  });
});

describe("living allowance generated from an assessed class", () => {
  it("is paid to the person, only for the poor groups, once a year, with the reason stored", async () => {
    const b = await makeAssessedClass(env, [{ categories: ["poor_labor"] }, {}, { categories: ["poor_family_child"], attended: 3 }], { startDate: "2026-05-11" });
    const claim = await generateClaim(env.deps, b.world.staffCtx, b.classId, { subsidyType: "living_allowance" });
    const line = (i: number) => claim.lines.find((l) => l.personId === b.persons[i]!.id)!;
    expect(line(0)).toMatchObject({ eligible: true, amountFen: 50_000, payee: { type: "person", id: b.persons[0]!.id, name: b.persons[0]!.name } });
    expect(line(1)).toMatchObject({ eligible: false, amountFen: 0, reason: "生活费补贴仅限贫困劳动力和贫困家庭子女" });
    expect(line(2)).toMatchObject({ eligible: false, reason: "出勤率 60%，低于 80%" });
    expect(claim).toMatchObject({ totalFen: 50_000, standard: { source: "policy", key: "living_allowance", amountFen: 50_000 } });
    // a second class the same year: the person already had this year's allowance
    const c2 = await makeAssessedClass(env, [{ categories: ["poor_labor"] }, {}, {}], { world: b.world, startDate: "2026-06-08" });
    const second = await generateClaim(env.deps, b.world.staffCtx, c2.classId, { subsidyType: "living_allowance" });
    expect(second.lines.find((l) => l.personId === b.persons[0]!.id)).toMatchObject({ eligible: false, reason: "2026 年已享受 1 次生活费补贴，达到每年 1 次上限" });
  });
});

describe("a person paid directly on the public notice", () => {
  it("is masked, and a search by the person's name finds nothing", async () => {
    const b = await makeAssessedClass(env, [{ categories: ["poor_labor"] }], { startDate: "2026-09-07" });
    const claim = await generateClaim(env.deps, b.world.staffCtx, b.classId, { subsidyType: "living_allowance" });
    await signCommitment(env.deps, b.world.staffCtx, claim.id, { textVersion: currentCommitment.version, textHash: currentCommitment.hash });
    await submitClaim(env.deps, b.world.staffCtx, claim.id);
    await reviewClaim(env.deps, b.countyCtx, claim.id, { step: "county", decision: "approve" });
    await reviewClaim(env.deps, b.cityCtx, claim.id, { step: "city", decision: "approve" });
    const n = await publishNotice(env.deps, b.countyCtx, { title: "生活费补贴公示", claimIds: [claim.id] });
    const pub = await getPublicNotice(env.deps, n.id);
    const name = b.persons[0]!.name;
    expect(pub.lines[0]).toMatchObject({ payeeType: "person", payeeName: maskName(name), personName: maskName(name), classTitle: expect.any(String), amountFen: 50_000 });
    expect(JSON.stringify(pub)).not.toContain(name);
    expect((await listPublicNotices(env.deps, { q: name, page: 1, pageSize: 20 })).total).toBe(0);
  });
});
