import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskName } from "../../../../shared/src/ids.ts";
import { grant, makeUser } from "../../../test/factories.ts";
import { anonymous, createTestEnv, type TestEnv } from "../../../test/harness.ts";
import { AppError } from "../../platform/http/errors.ts";
import { loadWorkCalendar } from "../calendar/index.ts";
import { ctxOf } from "../classes/classes.factory.ts";
import { generateClaim } from "./claims.generate.ts";
import { getClaim } from "./claims.read.ts";
import { reviewClaim, setLineHold, signCommitment, submitClaim } from "./claims.review.ts";
import { currentCommitment } from "./commitment.ts";
import { decideObjection, linesCleared, listObjections, noticePeriod, publishNotice } from "./notices.service.ts";
import { makeAssessedClass, STANDARD_FEN } from "./subsidies.factory.ts";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return { status: e.status, code: e.code, reason: (e.details as { reason?: string } | undefined)?.reason ?? null };
    throw e;
  }
  throw new Error("expected a refusal");
}

/** A claim of three eligible trainees taken through both reviews. */
async function approvedClaim(regionCode: string) {
  const a = await makeAssessedClass(env, [{}, {}, {}], { regionCode });
  const claim = await generateClaim(env.deps, a.world.staffCtx, a.classId, { subsidyType: "training" });
  await signCommitment(env.deps, a.world.staffCtx, claim.id, { textVersion: currentCommitment.version, textHash: currentCommitment.hash });
  await submitClaim(env.deps, a.world.staffCtx, claim.id);
  await reviewClaim(env.deps, a.countyCtx, claim.id, { step: "county", decision: "approve" });
  await reviewClaim(env.deps, a.cityCtx, claim.id, { step: "city", decision: "approve" });
  return { a, claim: await getClaim(env.deps, a.countyCtx, claim.id) };
}

describe("public notice", () => {
  it("runs five working days by the calendar: 清明 lengthens it, a weekend publication starts on the next working day, a 调休 Saturday counts", async () => {
    const cal = await loadWorkCalendar(env.deps.db);
    expect(noticePeriod(cal, "2026-04-02")).toEqual({ startsOn: "2026-04-02", endsOn: "2026-04-09" });
    expect(noticePeriod(cal, "2026-04-04")).toEqual({ startsOn: "2026-04-07", endsOn: "2026-04-13" });
    expect(noticePeriod(cal, "2026-02-28")).toEqual({ startsOn: "2026-02-28", endsOn: "2026-03-05" });
  });

  it("publishes approved lines with masked names and ID numbers; an objection holds its line until an officer decides; the rest proceed when the notice ends", async () => {
    const { a, claim } = await approvedClaim("220112");
    const [objected, upheld, plain] = claim.lines;
    // a claim not yet approved cannot be published
    const draft = await makeAssessedClass(env, [{}], { regionCode: "220112" });
    const draftClaim = await generateClaim(env.deps, draft.world.staffCtx, draft.classId, { subsidyType: "training" });
    expect(await refusal(publishNotice(env.deps, a.countyCtx, { title: "x", claimIds: [draftClaim.id] }))).toMatchObject({ status: 409, code: "notice.claim_not_approved" });

    env.clock.set("2026-04-02T02:00:00Z"); // Thursday before 清明
    const notice = await publishNotice(env.deps, a.countyCtx, { title: "2026 年 4 月朝阳区职业技能培训补贴公示", claimIds: [claim.id] });
    expect(notice).toMatchObject({ startsOn: "2026-04-02", endsOn: "2026-04-09", lineCount: 3 });
    expect(await refusal(publishNotice(env.deps, a.countyCtx, { title: "again", claimIds: [claim.id] }))).toMatchObject({ status: 409, code: "notice.nothing_to_publish" });

    const visitor = anonymous(env.app);
    const list = await visitor.get("/api/public/notices?state=running");
    expect(list.json().items).toEqual(expect.arrayContaining([expect.objectContaining({ id: notice.id, running: true, lineCount: 3, totalFen: 3 * STANDARD_FEN })]));
    const page = await visitor.get(`/api/public/notices/${notice.id}`);
    expect(page.statusCode).toBe(200);
    for (const p of a.world.persons) {
      expect(page.body).not.toContain(p.name);
      expect(page.body).not.toContain(p.idNumber);
    }
    const shown = page.json().lines.find((l: { lineId: string }) => l.lineId === objected!.id);
    expect(shown).toMatchObject({ payeeType: "institution", payeeName: a.world.institution.name, personName: maskName(objected!.name), standardFen: STANDARD_FEN, amountFen: STANDARD_FEN, objected: false });
    expect(shown.idNumberMasked).toMatch(/^\d{3}\*{14}[\dX]$/);
    // searchable by payee
    expect((await visitor.get(`/api/public/notices?q=${encodeURIComponent(a.world.institution.name)}`)).json().items.map((n: { id: string }) => n.id)).toEqual([notice.id]);

    const object = (lineId: string, content: string) => visitor.post(`/api/public/notices/${notice.id}/objections`, { lineId, contactName: "王先生", contactPhone: "13912345678", content });
    const r1 = await object(objected!.id, "此人培训期间在外地务工，未实际参训");
    expect(r1.statusCode, r1.body).toBe(200);
    const r2 = await object(upheld!.id, "同一人冒名两次");
    const afterObjection = await getClaim(env.deps, a.countyCtx, claim.id);
    expect(afterObjection.lines.find((l) => l.id === objected!.id)).toMatchObject({ held: true, approvedForPayment: false });
    expect(afterObjection.lines.find((l) => l.id === plain!.id)).toMatchObject({ held: false, approvedForPayment: true });
    expect((await visitor.get(`/api/public/notices/${notice.id}`)).json().lines.find((l: { lineId: string }) => l.lineId === objected!.id).objected).toBe(true);
    // the line's own release cannot bypass the objection
    expect(await refusal(setLineHold(env.deps, a.countyCtx, claim.id, objected!.id, "release", { reason: "放行" }))).toMatchObject({ status: 409, code: "claim.line_held", reason: "objection_open" });

    const open = (await listObjections(env.deps, a.countyCtx, { status: "open", page: 1, pageSize: 20 })).items;
    expect(open.map((o) => o.lineId).sort()).toEqual([objected!.id, upheld!.id].sort());
    expect(open.find((o) => o.lineId === objected!.id)).toMatchObject({ contactName: "王先生", contactPhone: "13912345678", claimId: claim.id });
    // an officer who also works for the institution may not decide
    const grants = [grant.officer("220112"), grant.institution(a.world.institution.id)];
    const both = ctxOf(await makeUser(env, { regionCode: "220112", grants }), "220112", grants);
    expect(await refusal(decideObjection(env.deps, both, r1.json().id, { decision: "dismissed", reason: "x" }))).toMatchObject({ status: 403, code: "claim.separation_of_duties" });
    await decideObjection(env.deps, a.countyCtx, r1.json().id, { decision: "dismissed", reason: "考勤与人脸核验记录齐全，异议不成立" });
    await decideObjection(env.deps, a.countyCtx, r2.json().id, { decision: "upheld", reason: "经核查确属冒名" });
    expect(await refusal(decideObjection(env.deps, a.countyCtx, r2.json().id, { decision: "dismissed", reason: "改判" }))).toMatchObject({ status: 409, code: "notice.objection_decided" });
    const decided = await getClaim(env.deps, a.countyCtx, claim.id);
    expect(decided.lines.find((l) => l.id === objected!.id)).toMatchObject({ held: false, approvedForPayment: true });
    expect(decided.lines.find((l) => l.id === upheld!.id)).toMatchObject({ held: true, holdReason: "公示异议成立：经核查确属冒名", approvedForPayment: false });

    // nothing proceeds while the notice runs (04-09 is its last day); afterwards the lines not held do
    env.clock.set("2026-04-09T08:00:00Z");
    expect(await linesCleared(env.deps.db, "2026-04-09", claim.id)).toEqual([]);
    env.clock.set("2026-04-10T01:00:00Z");
    expect((await linesCleared(env.deps.db, "2026-04-10", claim.id)).map((l) => l.id).sort()).toEqual([objected!.id, plain!.id].sort());
    const late = await object(plain!.id, "迟到的异议");
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe("notice.closed");
    // ended notices stay archived and searchable
    expect((await visitor.get("/api/public/notices?state=ended")).json().items.map((n: { id: string }) => n.id)).toContain(notice.id);
  });

  it("officers list the notices and objections of their own scope, preview what publishing would take, and see persons masked", async () => {
    const { a, claim } = await approvedClaim("220122");
    const other = await approvedClaim("220204");
    env.clock.set("2026-05-06T02:00:00Z"); // a Wednesday after 劳动节 (the factories move the clock)
    const county = await a.world.officer.session();
    const outsider = await other.a.world.officer.session();
    type Preview = { claimCount: number; lineCount: number; totalFen: number; claims: { claimId: string; code: string; claimant: string; lineCount: number; totalFen: number }[] };

    // the preview lists the approved claims not yet published, in scope only
    const preview = (await county.get("/api/notices/preview")).json() as Preview;
    expect(preview.claims.find((c) => c.claimId === claim.id)).toEqual(expect.objectContaining({ code: claim.code, claimant: a.world.institution.name, lineCount: 3, totalFen: 3 * STANDARD_FEN }));
    expect(preview.claims.map((c) => c.claimId)).not.toContain(other.claim.id);
    expect(preview.lineCount).toBe(preview.claims.reduce((n, c) => n + c.lineCount, 0));
    // a held line waits outside the notice: the preview says what publishing will take
    await setLineHold(env.deps, a.countyCtx, claim.id, claim.lines[2]!.id, "hold", { reason: "待核实身份" });
    expect(((await county.get("/api/notices/preview")).json() as Preview).claims.find((c) => c.claimId === claim.id)).toMatchObject({ lineCount: 2, totalFen: 2 * STANDARD_FEN });

    const published = await county.post("/api/notices", { title: "2026 年 5 月农安县补贴公示", claimIds: preview.claims.map((c) => c.claimId) });
    expect(published.statusCode, published.body).toBe(200);
    const notice = published.json() as { id: string; code: string; lineCount: number };
    expect(((await county.get("/api/notices/preview")).json() as Preview).claims.map((c) => c.claimId)).not.toContain(claim.id);
    await publishNotice(env.deps, other.a.countyCtx, { title: "船营区公示", claimIds: [other.claim.id] });

    type Notices = { items: { id: string; state: string; lineCount: number; totalFen: number; objectionCount: number; openObjectionCount: number }[]; total: number };
    const mine = (await county.get("/api/notices?state=running")).json() as Notices;
    expect(mine.items.find((n) => n.id === notice.id)).toMatchObject({ state: "running", lineCount: notice.lineCount, objectionCount: 0, openObjectionCount: 0 });
    expect(mine.items.map((n) => n.id)).not.toContain((await outsider.get("/api/notices")).json().items[0].id);
    expect((await outsider.get("/api/notices")).json().items.map((n: { id: string }) => n.id)).not.toContain(notice.id);
    expect((await county.get("/api/notices?state=ended")).json().items.map((n: { id: string }) => n.id)).not.toContain(notice.id);
    expect((await county.get("/api/notices?state=later")).statusCode).toBe(400);

    const filed = await anonymous(env.app).post(`/api/public/notices/${notice.id}/objections`, { lineId: claim.lines[0]!.id, contactName: "赵女士", contactPhone: "13800001111", content: "此人已在外省领取同类补贴" });
    expect(filed.statusCode, filed.body).toBe(200);
    expect(((await county.get("/api/notices")).json() as Notices).items.find((n) => n.id === notice.id)).toMatchObject({ objectionCount: 1, openObjectionCount: 1 });

    const list = await county.get("/api/notices/objections?status=open");
    expect(list.statusCode).toBe(200);
    const item = list.json().items.find((o: { id: string }) => o.id === filed.json().id);
    expect(item).toMatchObject({
      status: "open",
      claimId: claim.id,
      claimCode: claim.code,
      notice: { code: notice.code, title: "2026 年 5 月农安县补贴公示" },
      line: { personName: maskName(claim.lines[0]!.name), payeeName: a.world.institution.name, amountFen: STANDARD_FEN, held: true },
      abilities: { decide: true },
    });
    expect(item.line.idNumberMasked).toMatch(/^\d{3}\*{14}[\dX]$/);
    for (const p of a.world.persons) {
      expect(list.body).not.toContain(p.name);
      expect(list.body).not.toContain(p.idNumber);
    }
    expect((await outsider.get("/api/notices/objections")).json().items.map((o: { id: string }) => o.id)).not.toContain(filed.json().id);
    expect((await outsider.post(`/api/notices/objections/${filed.json().id}/decision`, { decision: "dismissed", reason: "越权" })).statusCode).toBe(404);

    await county.post(`/api/notices/objections/${filed.json().id}/decision`, { decision: "dismissed", reason: "外省未领取，异议不成立" });
    expect((await county.get("/api/notices/objections?status=open")).json().items.map((o: { id: string }) => o.id)).not.toContain(filed.json().id);
    const dismissed = (await county.get("/api/notices/objections?status=dismissed")).json().items.find((o: { id: string }) => o.id === filed.json().id);
    expect(dismissed).toMatchObject({ status: "dismissed", decisionReason: "外省未领取，异议不成立", line: { held: false }, abilities: { decide: false } });
    expect(dismissed.decidedAt).toBe("2026-05-06T02:00:00.000Z");

    env.clock.set("2026-06-01T02:00:00Z"); // the session has idled out by then
    expect(((await (await a.world.officer.session()).get("/api/notices?state=ended")).json() as Notices).items.find((n) => n.id === notice.id)).toMatchObject({ state: "ended", openObjectionCount: 0 });
  });

  it("objections are rate-limited per address", async () => {
    const visitor = anonymous(env.app);
    const body = { lineId: "00000000-0000-4000-8000-000000000000", contactName: "李女士", contactPhone: "13900000000", content: "测试" };
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await visitor.post("/api/public/notices/00000000-0000-4000-8000-000000000001/objections", body)).statusCode);
    expect(codes).toContain(429);
  });
});
