import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser } from "../../../test/factories.ts";
import { createTestEnv, type TestEnv } from "../../../test/harness.ts";
import { approvedClass, ctxOf } from "../classes/classes.factory.ts";
import { AppError } from "../../platform/http/errors.ts";
import { generateClaim } from "./claims.generate.ts";
import { getClaim, listClaims } from "./claims.read.ts";
import { reviewClaim, setLineHold, signCommitment, submitClaim } from "./claims.review.ts";
import { currentCommitment } from "./commitment.ts";
import { type AssessedClass, EVALUATION_FEN, makeAssessedClass, STANDARD_FEN } from "./subsidies.factory.ts";
import { createStandard, listStandards, updateStandard } from "../catalogue/standards.service.ts";
import { subsidyClaimReviews, subsidyLineHolds } from "./subsidies.table.ts";
import { institutions } from "../institutions/index.ts";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

const sign = { textVersion: currentCommitment.version, textHash: currentCommitment.hash };
/** the AppError a call throws, as { status, code, reason } */
async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return { status: e.status, code: e.code, reason: (e.details as { reason?: string } | undefined)?.reason ?? null };
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("claim generation from an assessed class", () => {
  let a: AssessedClass;
  beforeAll(async () => {
    a = await makeAssessedClass(env, [
      {}, // rural migrant, present at every session, passed: eligible, free-training group
      { attended: 3 }, // 60 %
      { categories: ["employee"], exclusions: ["pensioner"] },
      { categories: [] },
      { result: "fail" },
    ]);
  });

  it("has one line per trainee with the stored decision, its Chinese reason, the amount from the standard, the payee and the warnings", async () => {
    const claim = await generateClaim(env.deps, a.world.staffCtx, a.classId, { subsidyType: "training" });
    expect(claim).toMatchObject({ status: "draft", subsidyType: "training", policyVersion: "jl-2019-1", totalFen: STANDARD_FEN, commitment: { signed: null } });
    expect(claim.standard).toMatchObject({ source: "catalogue", amountFen: STANDARD_FEN, resolvedRegionCode: "220100" });
    const byPerson = new Map(claim.lines.map((l) => [l.personId, l]));
    const line = (i: number) => byPerson.get(a.persons[i]!.id)!;
    expect(claim.lines).toHaveLength(5);
    expect(line(0)).toMatchObject({ eligible: true, reason: "符合补贴条件", amountFen: STANDARD_FEN, payee: { type: "institution", id: a.world.institution.id, name: a.world.institution.name }, held: false });
    expect(line(0).checks.every((c) => c.ok)).toBe(true);
    expect(line(0).inputs).toMatchObject({ attendancePercent: 100, result: "pass", person: { categories: ["rural_migrant"] } });
    expect(line(1)).toMatchObject({ eligible: false, reason: "出勤率 60%，低于 80%", amountFen: 0 });
    expect(line(2)).toMatchObject({ eligible: false, reason: "已领取养老金，不享受培训补贴", amountFen: 0 });
    expect(line(2).warnings).toEqual(expect.arrayContaining([expect.objectContaining({ code: "pensioner" })]));
    expect(line(3)).toMatchObject({ eligible: false, reason: "未登记可享受补贴的人员类别", amountFen: 0 });
    expect(line(4)).toMatchObject({ eligible: false, reason: "考核未通过", amountFen: 0 });
    expect(line(4).checks).toEqual(expect.arrayContaining([{ code: "certificate", ok: false, reason: "未取得证书" }]));
  });

  it("an evaluation claim for a training-completion class refuses every line with the reason", async () => {
    const claim = await generateClaim(env.deps, a.world.staffCtx, a.classId, { subsidyType: "evaluation" });
    const first = claim.lines.find((l) => l.personId === a.persons[0]!.id)!;
    expect(first).toMatchObject({ eligible: false, reason: "培训合格证书不享受鉴定评价补贴", amountFen: 0 });
    expect(claim.totalFen).toBe(0);
  });

  it("regenerates while draft (one claim per class and type), never after submission", async () => {
    const again = await generateClaim(env.deps, a.world.staffCtx, a.classId, { subsidyType: "training" });
    const list = await listClaims(env.deps, a.world.staffCtx, { classId: a.classId, page: 1, pageSize: 20 });
    expect(list.items.map((c) => c.subsidyType).sort()).toEqual(["evaluation", "training"]);
    await signCommitment(env.deps, a.world.staffCtx, again.id, sign);
    await submitClaim(env.deps, a.world.staffCtx, again.id);
    expect(await refusal(generateClaim(env.deps, a.world.staffCtx, a.classId, { subsidyType: "training" }))).toMatchObject({ status: 409, code: "claim.not_editable" });
  });

  it("refuses a class that is not assessed, and a city without a standard", async () => {
    env.clock.set("2026-03-02T01:00:00Z"); // a class applied for in time, approved, never assessed
    const running = await approvedClass(env, { regionCode: "220102", roster: 1 });
    expect(await refusal(generateClaim(env.deps, running.world.staffCtx, running.classId, { subsidyType: "training" }))).toMatchObject({ status: 409, code: "claim.class_not_assessed" });
    const other = await makeAssessedClass(env, [{}], { standard: false });
    expect(await refusal(generateClaim(env.deps, other.world.staffCtx, other.classId, { subsidyType: "training" }))).toMatchObject({ status: 422, code: "claim.no_standard" });
  });
});

describe("evaluation subsidy priced from the city's evaluation standard", () => {
  it("a skill-level class's evaluation claim uses the city's 评价补贴 standard, not its training standard, and names it", async () => {
    const a = await makeAssessedClass(env, [{}, { result: "fail" }], { skillLevel: true });
    const [evaluationStandard] = (await listStandards(env.deps, a.cityCtx, { subsidyType: "evaluation", itemId: a.world.item.id, page: 1, pageSize: 10 })).items;
    expect(evaluationStandard).toMatchObject({ subsidyType: "evaluation", regionCode: "220100", amountFen: EVALUATION_FEN });
    const claim = await generateClaim(env.deps, a.world.staffCtx, a.classId, { subsidyType: "evaluation" });
    expect(claim.totalFen).toBe(EVALUATION_FEN);
    expect(claim.standard).toMatchObject({ source: "catalogue", subsidyType: "evaluation", standardId: evaluationStandard!.id, amountFen: EVALUATION_FEN, resolvedRegionCode: "220100" });
    const line = claim.lines.find((l) => l.personId === a.persons[0]!.id)!;
    expect(line).toMatchObject({ eligible: true, reason: "符合补贴条件", amountFen: EVALUATION_FEN });
    expect(line.checks).toContainEqual({ code: "evaluation_standard", ok: true, reason: "按长春市评价补贴标准 250.00 元（2026-01-01 起）" });
    expect(claim.lines.find((l) => l.personId === a.persons[1]!.id)).toMatchObject({ eligible: false, reason: "考核未通过", amountFen: 0 });
    const training = await generateClaim(env.deps, a.world.staffCtx, a.classId, { subsidyType: "training" });
    expect(training.totalFen).toBe(STANDARD_FEN);
    expect(training.standard).toMatchObject({ subsidyType: "training" });
  });

  it("without an evaluation standard for the city (or province) every line is 0 with a plain reason, not an error", async () => {
    const a = await makeAssessedClass(env, [{}], { skillLevel: true, evaluationStandard: false });
    const claim = await generateClaim(env.deps, a.world.staffCtx, a.classId, { subsidyType: "evaluation" });
    expect(claim.totalFen).toBe(0);
    expect(claim.standard).toMatchObject({ subsidyType: "evaluation", missing: true });
    const reason = "所在市（州）和全省均未设定适用于本班证书类型、等级和开班日期的评价补贴标准，金额为 0；设定标准后可重新生成申领";
    expect(claim.lines[0]).toMatchObject({ eligible: false, reason, amountFen: 0 });
    expect(claim.lines[0]!.checks).toContainEqual({ code: "evaluation_standard", ok: false, reason });
  });

  it("an evaluation standard cannot target 培训合格证书 and carries no factors", async () => {
    const a = await makeAssessedClass(env, [{}], { skillLevel: true, evaluationStandard: false });
    const base = { subsidyType: "evaluation" as const, itemId: a.world.item.id, regionCode: "220100", amountFen: 10_000, effectiveFrom: "2026-06-01" };
    const issuesOf = async (p: Promise<unknown>) => {
      const e = await p.then(
        () => null,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(AppError);
      return ((e as AppError).details as { issues: { path: string; code: string; message: string }[] }).issues;
    };
    expect(await issuesOf(createStandard(env.deps, a.cityCtx, { ...base, certificateType: "training_completion", skillLevel: null }))).toEqual([
      { path: "body.certificateType", code: "evaluation_training_completion", message: "培训合格证书不享受评价补贴，不能设定评价补贴标准" },
    ]);
    expect(await issuesOf(createStandard(env.deps, a.cityCtx, { ...base, certificateType: "skill_level", skillLevel: "4", blendedFactorPercent: 70 }))).toEqual([
      { path: "body.blendedFactorPercent", code: "evaluation_factor", message: "评价补贴标准不按培训方式或紧缺程度调整，线上线下结合系数须为 100%" },
    ]);
    // the training standard of the same key and period does not block the evaluation one
    const ok = await createStandard(env.deps, a.cityCtx, { ...base, certificateType: "skill_level", skillLevel: "4", effectiveFrom: "2026-01-01" });
    expect(ok).toMatchObject({ subsidyType: "evaluation", amountFen: 10_000 });
    expect(await refusal(createStandard(env.deps, a.cityCtx, { ...base, certificateType: "skill_level", skillLevel: "4" }))).toMatchObject({ status: 409, code: "standard.overlap" });
    // a training standard cannot be turned into an evaluation standard of 培训合格证书 either
    const training = await createStandard(env.deps, a.cityCtx, { itemId: a.world.item.id, regionCode: "220100", certificateType: "training_completion", skillLevel: null, amountFen: 5_000, effectiveFrom: "2027-01-01" });
    expect((await issuesOf(updateStandard(env.deps, a.cityCtx, training.id, { subsidyType: "evaluation" })))[0]).toMatchObject({ code: "evaluation_training_completion" });
  });
});

describe("payees and earlier subsidies", () => {
  it("an enterprise training its own employees is the payee", async () => {
    const a = await makeAssessedClass(env, [{ categories: ["employee"] }], { regionCode: "220122" });
    await env.deps.db.update(institutions).set({ type: "enterprise" }).where(eq(institutions.id, a.world.institution.id));
    const claim = await generateClaim(env.deps, a.world.staffCtx, a.classId, { subsidyType: "training" });
    expect(claim.lines[0]).toMatchObject({ eligible: true, amountFen: STANDARD_FEN, payee: { type: "enterprise", id: a.world.institution.id } });
  });

  it("a second class of the same occupation and level is refused for a trainee already subsidized for it", async () => {
    const first = await makeAssessedClass(env, [{}], { regionCode: "220183" });
    const one = await generateClaim(env.deps, first.world.staffCtx, first.classId, { subsidyType: "training" });
    expect(one.lines[0]!.eligible).toBe(true);
    const second = await makeAssessedClass(env, [{}], { world: first.world, startDate: "2026-04-13" });
    const two = await generateClaim(env.deps, second.world.staffCtx, second.classId, { subsidyType: "training" });
    expect(two.lines[0]).toMatchObject({ eligible: false, reason: "同一职业（工种）同一等级已享受过培训补贴", amountFen: 0 });
    expect((two.lines[0]!.inputs as { prior: { id: string }[] }).prior.map((p) => p.id)).toEqual([one.lines[0]!.id]);
  });
});

describe("commitment, review steps and separation of duties", () => {
  let a: AssessedClass;
  let claimId: string;
  beforeAll(async () => {
    a = await makeAssessedClass(env, [{}, {}, { attended: 2 }], { regionCode: "220103" });
    claimId = (await generateClaim(env.deps, a.world.staffCtx, a.classId, { subsidyType: "training" })).id;
  });

  it("submission needs the signed commitment of the text in force; the signature records who, when and the exact text", async () => {
    expect(await refusal(submitClaim(env.deps, a.world.staffCtx, claimId))).toMatchObject({ status: 409, code: "claim.commitment_required" });
    expect(await refusal(signCommitment(env.deps, a.world.staffCtx, claimId, { ...sign, textHash: "0".repeat(64) }))).toMatchObject({ status: 409, code: "claim.commitment_outdated" });
    const signed = await signCommitment(env.deps, a.world.staffCtx, claimId, sign);
    expect(signed.commitment.signed).toEqual({ textVersion: currentCommitment.version, textHash: currentCommitment.hash, signedBy: a.world.staff.id, signedAt: "2026-03-23T02:00:00.000Z" });
    // a regenerated claim is a different set of lines: it must be signed again
    const regenerated = await generateClaim(env.deps, a.world.staffCtx, a.classId, { subsidyType: "training" });
    expect(regenerated.commitment.signed).toBeNull();
    await signCommitment(env.deps, a.world.staffCtx, claimId, sign);
    const submitted = await submitClaim(env.deps, a.world.staffCtx, claimId);
    // 10 working days after Monday 2026-03-23: 清明 (04-04 … 04-06) pushes it from 04-06 to 04-07
    expect(submitted).toMatchObject({ status: "submitted", dueDate: "2026-04-07", overdue: false });
  });

  it("the city cannot review before the county; the county officer is no city reviewer", async () => {
    expect(await refusal(reviewClaim(env.deps, a.cityCtx, claimId, { step: "city", decision: "approve" }))).toMatchObject({ status: 409, code: "claim.transition_not_allowed", reason: "state" });
    expect(await refusal(reviewClaim(env.deps, a.cityCtx, claimId, { step: "county", decision: "approve" }))).toMatchObject({ status: 403, code: "auth.forbidden" });
  });

  it("an officer who also holds a grant of the claiming institution may not review its claim", async () => {
    const grants = [grant.officer("220103"), grant.institution(a.world.institution.id)];
    const both = ctxOf(await makeUser(env, { regionCode: "220103", grants }), "220103", grants);
    expect(await refusal(reviewClaim(env.deps, both, claimId, { step: "county", decision: "approve" }))).toMatchObject({ status: 403, code: "claim.separation_of_duties", reason: "member" });
    const view = await getClaim(env.deps, both, claimId);
    expect(view.abilities.countyApprove).toBe(false);
  });

  it("a return gives every reason at once; the institution resubmits and the review starts again", async () => {
    const returned = await reviewClaim(env.deps, a.countyCtx, claimId, { step: "county", decision: "return", reasons: ["第 3 名学员出勤记录需补充说明", "承诺书签署人不是法定代表人授权人"] });
    expect(returned).toMatchObject({ status: "returned", returnReasons: ["第 3 名学员出勤记录需补充说明", "承诺书签署人不是法定代表人授权人"], dueDate: null });
    expect(returned.reviews).toEqual([expect.objectContaining({ step: "county", decision: "return", reasons: returned.returnReasons })]);
    await signCommitment(env.deps, a.world.staffCtx, claimId, sign);
    await submitClaim(env.deps, a.world.staffCtx, claimId);
    const county = await reviewClaim(env.deps, a.countyCtx, claimId, { step: "county", decision: "approve" });
    expect(county).toMatchObject({ status: "county_approved" });
    const city = await reviewClaim(env.deps, a.cityCtx, claimId, { step: "city", decision: "approve" });
    expect(city.status).toBe("approved");
    expect(city.lines.filter((l) => l.approvedForPayment)).toHaveLength(2);
  });

  it("nobody acts at two steps of one claim", async () => {
    // an officer of the county who is also a city reviewer (two grants) did the county step of a second claim
    const b = await makeAssessedClass(env, [{}], { regionCode: "220104" });
    const id = (await generateClaim(env.deps, b.world.staffCtx, b.classId, { subsidyType: "training" })).id;
    await signCommitment(env.deps, b.world.staffCtx, id, sign);
    await submitClaim(env.deps, b.world.staffCtx, id);
    const grants = [grant.officer("220104"), grant.officer("220100")];
    const twoHats = ctxOf(await makeUser(env, { regionCode: "220104", grants }), "220104", grants);
    await reviewClaim(env.deps, twoHats, id, { step: "county", decision: "approve" });
    expect((await getClaim(env.deps, twoHats, id)).abilities.cityApprove).toBe(false);
    expect(await refusal(reviewClaim(env.deps, twoHats, id, { step: "city", decision: "approve" }))).toMatchObject({ status: 403, code: "claim.separation_of_duties", reason: "acted_county" });
    expect((await reviewClaim(env.deps, b.cityCtx, id, { step: "city", decision: "approve" })).status).toBe("approved");
  });

  it("claims outside the caller's scope are not found", async () => {
    const far = ctxOf(await makeUser(env, { regionCode: "220204", grants: [grant.officer("220204")] }), "220204", [grant.officer("220204")]);
    expect(await refusal(getClaim(env.deps, far, claimId))).toMatchObject({ status: 404, code: "claim.not_found" });
    expect(await refusal(reviewClaim(env.deps, far, claimId, { step: "county", decision: "approve" }))).toMatchObject({ status: 404, code: "claim.not_found" });
    const otherSchool = await makeAssessedClass(env, [{}], { regionCode: "220103" });
    expect(await refusal(getClaim(env.deps, otherSchool.world.staffCtx, claimId))).toMatchObject({ status: 404 });
    expect(await refusal(generateClaim(env.deps, otherSchool.world.staffCtx, a.classId, { subsidyType: "training" }))).toMatchObject({ status: 404, code: "class.not_found" });
  });
});

describe("held lines and deadlines", () => {
  it("a held line is not approved for payment until released with a recorded decision", async () => {
    const a = await makeAssessedClass(env, [{}, {}], { regionCode: "220105" });
    const claim = await generateClaim(env.deps, a.world.staffCtx, a.classId, { subsidyType: "training" });
    await signCommitment(env.deps, a.world.staffCtx, claim.id, sign);
    await submitClaim(env.deps, a.world.staffCtx, claim.id);
    const [held, other] = claim.lines;
    expect(await refusal(setLineHold(env.deps, a.world.staffCtx, claim.id, held!.id, "hold", { reason: "自查" }))).toMatchObject({ status: 403 });
    const afterHold = await setLineHold(env.deps, a.countyCtx, claim.id, held!.id, "hold", { reason: "举报线索：冒名参训，待核查" });
    expect(afterHold.lines.find((l) => l.id === held!.id)).toMatchObject({ held: true, holdReason: "举报线索：冒名参训，待核查", abilities: { hold: false, release: true } });
    await reviewClaim(env.deps, a.countyCtx, claim.id, { step: "county", decision: "approve" });
    const approved = await reviewClaim(env.deps, a.cityCtx, claim.id, { step: "city", decision: "approve" });
    expect(approved.lines.find((l) => l.id === held!.id)).toMatchObject({ held: true, approvedForPayment: false });
    expect(approved.lines.find((l) => l.id === other!.id)).toMatchObject({ held: false, approvedForPayment: true });
    const released = await setLineHold(env.deps, a.cityCtx, claim.id, held!.id, "release", { reason: "核查属实参训，解除暂停" });
    expect(released.lines.find((l) => l.id === held!.id)).toMatchObject({ held: false, approvedForPayment: true });
    expect(await refusal(setLineHold(env.deps, a.cityCtx, claim.id, held!.id, "release", { reason: "再次" }))).toMatchObject({ status: 409, code: "claim.line_held" });
    const decisions = await env.deps.db.select().from(subsidyLineHolds).where(eq(subsidyLineHolds.lineId, held!.id));
    expect(decisions.map((d) => [d.action, d.reason])).toEqual([
      ["hold", "举报线索：冒名参训，待核查"],
      ["release", "核查属实参训，解除暂停"],
    ]);
  });

  it("two city reviewers approving at once: one approval is recorded, the other is refused", async () => {
    const a = await makeAssessedClass(env, [{}], { regionCode: "220112" });
    const claim = await generateClaim(env.deps, a.world.staffCtx, a.classId, { subsidyType: "training" });
    await signCommitment(env.deps, a.world.staffCtx, claim.id, sign);
    await submitClaim(env.deps, a.world.staffCtx, claim.id);
    await reviewClaim(env.deps, a.countyCtx, claim.id, { step: "county", decision: "approve" });
    const other = ctxOf(await makeUser(env, { regionCode: "220100", grants: [grant.officer("220100")] }), "220100", [grant.officer("220100")]);
    const results = await Promise.allSettled([a.cityCtx, other].map((ctx) => reviewClaim(env.deps, ctx, claim.id, { step: "city", decision: "approve" })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "claim.transition_not_allowed" });
    const reviews = await env.deps.db.select().from(subsidyClaimReviews).where(eq(subsidyClaimReviews.claimId, claim.id));
    expect(reviews.filter((r) => r.step === "city")).toHaveLength(1);
  });

  it("a claim past its working-day deadline is on the overdue list of the step's reviewers only", async () => {
    const a = await makeAssessedClass(env, [{}], { regionCode: "220106" });
    const claim = await generateClaim(env.deps, a.world.staffCtx, a.classId, { subsidyType: "training" });
    await signCommitment(env.deps, a.world.staffCtx, claim.id, sign);
    await submitClaim(env.deps, a.world.staffCtx, claim.id);
    const overdue = (ctx: typeof a.countyCtx) => listClaims(env.deps, ctx, { overdue: "true", page: 1, pageSize: 50 }).then((r) => r.items.map((c) => c.id));
    env.clock.set("2026-04-07T08:00:00Z"); // the due day itself (after 清明) is still in time
    expect(await overdue(a.countyCtx)).not.toContain(claim.id);
    env.clock.set("2026-04-08T01:00:00Z");
    expect(await overdue(a.countyCtx)).toContain(claim.id);
    expect(await overdue(a.cityCtx)).not.toContain(claim.id);
    expect((await getClaim(env.deps, a.countyCtx, claim.id)).overdue).toBe(true);
  });
});
