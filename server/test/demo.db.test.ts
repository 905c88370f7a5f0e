/**
 * The demo province generator (npm run demo) at its tiny scale, on a fresh test database: every
 * role it prints can log in, the county officer sees only its county, every class state is there,
 * the planted irregularities were caught by the real controls, and the province is a function of
 * its seed. The money side as the officers and the public see it: claims in every state of both
 * types, a running notice with objections, an enterprise's 50 % advance, a bank batch with a row
 * returned, the disclosure equal to the ledger's expense, and the dashboards showing the subsidies.
 */
import { and, eq, gte, isNotNull, like, lt, ne, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemo, type DemoResult } from "../scripts/demo/generate.ts";
import { Prng } from "../scripts/demo/prng.ts";
import { planPersons, type Region } from "../scripts/demo/world.ts";
import { classes } from "../src/modules/classes/index.ts";
import { fundAccounts, ledgerPostings } from "../src/modules/funds/index.ts";
import { subsidyClaimLines, subsidyClaims, subsidyNoticeLines, subsidyNotices } from "../src/modules/subsidies/index.ts";
import { regions } from "../src/modules/reference/index.ts";
import { persons } from "../src/modules/trainees/index.ts";
import { anonymous, createTestEnv, login, type Session, type TestEnv } from "./harness.ts";

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

  describe("the money side", () => {
    const as = (username: string): Promise<Session> => login(env.app, username, demo.credentials.find((c) => c.username === username)!.password);
    const today = NOW.toISOString().slice(0, 10);
    const todo = async (s: Session, key: string) => ((await s.get("/api/home/todos")).json().items as { key: string; count: number }[]).find((t) => t.key === key)?.count;
    /** what the ledger spent: the postings to expense accounts */
    const expenseFen = async (where = sql`true`) => {
      const [r] = await env.deps.db
        .select({ fen: sql<string>`coalesce(sum(${ledgerPostings.amountFen}), 0)` })
        .from(ledgerPostings)
        .innerJoin(fundAccounts, eq(fundAccounts.id, ledgerPostings.accountId))
        .where(and(eq(fundAccounts.kind, "expense"), where));
      return Number(r!.fen);
    };

    it("has claims in every state, training and evaluation ones, and approved ones awaiting notice, in notice and paid", async () => {
      const rows = await env.deps.db.select({ id: subsidyClaims.id, status: subsidyClaims.status, type: subsidyClaims.subsidyType }).from(subsidyClaims);
      expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["draft", "submitted", "county_approved", "returned", "approved"]));
      expect(new Set(rows.map((r) => r.type))).toEqual(new Set(["training", "evaluation"]));
      const noticed = await env.deps.db
        .select({ claimId: subsidyClaimLines.claimId, endsOn: subsidyNotices.endsOn })
        .from(subsidyNoticeLines)
        .innerJoin(subsidyClaimLines, eq(subsidyClaimLines.id, subsidyNoticeLines.lineId))
        .innerJoin(subsidyNotices, eq(subsidyNotices.id, subsidyNoticeLines.noticeId));
      const approved = rows.filter((r) => r.status === "approved").map((r) => r.id);
      expect(approved.some((id) => !noticed.some((n) => n.claimId === id)), "approved, awaiting notice").toBe(true);
      expect(noticed.some((n) => n.endsOn >= today), "in a running notice").toBe(true);
      const paid = await env.deps.db.select({ claimId: subsidyClaimLines.claimId }).from(subsidyClaimLines).where(isNotNull(subsidyClaimLines.paidAt));
      expect(new Set(paid.map((p) => p.claimId)).size).toBeGreaterThan(1);
      // a held line is never paid, and says why
      const held = await env.deps.db.select({ reason: subsidyClaimLines.holdReason, paidAt: subsidyClaimLines.paidAt }).from(subsidyClaimLines).where(eq(subsidyClaimLines.held, true));
      expect(held.length).toBeGreaterThan(0);
      expect(held.every((h) => h.paidAt === null && !!h.reason)).toBe(true);
    });

    it("gives the county officer claims to review and an objection to decide, the city officer claims for the second review", async () => {
      const county = await as("ng.officer");
      expect(await todo(county, "claims_to_review")).toBeGreaterThan(0);
      expect(await todo(county, "objections_to_decide")).toBe(1);
      const awaiting = (await county.get("/api/claims?awaiting=true")).json().items as { status: string }[];
      expect(awaiting.length).toBeGreaterThan(0);
      expect(awaiting.every((c) => c.status === "submitted")).toBe(true);
      const city = await as("cc.officer");
      expect(await todo(city, "claims_to_review")).toBeGreaterThan(0);
      // the school sees its returned claim with every reason the county gave
      const school = await as("school.staff");
      const returned = (await school.get("/api/claims?status=returned")).json().items as { id: string }[];
      expect(returned.length).toBeGreaterThan(0);
      const view = (await school.get(`/api/claims/${returned[0]!.id}`)).json();
      expect(view.returnReasons.length).toBe(2);
    });

    it("publishes a running notice on the portal; one objection was dismissed and one waits", async () => {
      const portal = anonymous(env.app);
      const running = (await portal.get("/api/public/notices?state=running")).json().items as { id: string; totalFen: number }[];
      expect(running.length).toBeGreaterThan(0);
      const notice = (await portal.get(`/api/public/notices/${running[0]!.id}`)).json();
      expect(notice.lines.some((l: { objected: boolean }) => l.objected)).toBe(true);
      // names and ID numbers are masked on the portal
      expect(notice.lines.every((l: { idNumberMasked: string }) => l.idNumberMasked.includes("*"))).toBe(true);
      const officer = await as("ng.officer");
      const objections = (await officer.get("/api/notices/objections")).json().items as { status: string; decisionReason: string | null }[];
      expect(objections.map((o) => o.status).sort()).toEqual(["dismissed", "open"]);
      expect(objections.find((o) => o.status === "dismissed")!.decisionReason).toMatch(/异议不成立/);
    });

    it("paid an enterprise a 50 % advance and deducted it at settlement; the bank returned one row, which waits for a corrected account", async () => {
      const finance = await as("finance");
      const orders = (await finance.get("/api/payments/orders?pageSize=200")).json().items as { kind: string; status: string; claimId: string; payeeType: string; grossFen: number; advanceDeductedFen: number; accountCorrected: boolean }[];
      const advance = orders.find((o) => o.kind === "advance")!;
      expect(advance).toMatchObject({ status: "paid", payeeType: "enterprise" });
      const claim = (await finance.get(`/api/payments/claims/${advance.claimId}`)).json();
      expect(advance.grossFen).toBe(Math.floor(claim.approvedFen / 2));
      expect(orders.find((o) => o.kind === "settlement" && o.claimId === advance.claimId)).toMatchObject({ status: "paid", advanceDeductedFen: advance.grossFen });
      const returned = orders.filter((o) => o.status === "returned");
      expect(returned).toHaveLength(1);
      expect(returned[0]!.accountCorrected).toBe(false);
      const batches = (await finance.get("/api/payments/batches?pageSize=100")).json().items as { status: string; paidFen: number; returnedFen: number }[];
      expect(batches.every((b) => b.status === "reconciled")).toBe(true);
      expect(batches.some((b) => b.paidFen > 0 && b.returnedFen > 0)).toBe(true);
    });

    it("discloses a paid amount equal to the ledger's expense and to the paid claim lines; the ledger balances", async () => {
      const spent = await expenseFen();
      expect(spent).toBeGreaterThan(0);
      const disclosed = (await anonymous(env.app).get("/api/public/funds/spending")).json();
      expect(disclosed.totalSpentFen).toBe(spent);
      expect(disclosed.totalAllocatedFen).toBeGreaterThan(spent);
      const [lines] = await env.deps.db.select({ fen: sql<string>`coalesce(sum(${subsidyClaimLines.amountFen}), 0)` }).from(subsidyClaimLines).where(isNotNull(subsidyClaimLines.paidAt));
      expect(Number(lines!.fen)).toBe(spent);
      const unbalanced = (await env.deps.db.execute(sql`select transaction_id from ledger_postings group by transaction_id having sum(amount_fen) <> 0`)) as unknown as { rows: unknown[] };
      expect(unbalanced.rows).toEqual([]);
      const negative = (await env.deps.db.execute(
        sql`select a.code from fund_accounts a join ledger_postings p on p.account_id = a.id where a.kind = 'budget' group by a.code having sum(p.amount_fen) < 0`,
      )) as unknown as { rows: unknown[] };
      expect(negative.rows).toEqual([]);
    });

    it("shows this year's paid subsidies on the dashboards (the rollups were refreshed)", async () => {
      const year = NOW.getUTCFullYear();
      const inYear = and(gte(subsidyClaimLines.paidAt, new Date(`${year}-01-01T00:00:00+08:00`)), lt(subsidyClaimLines.paidAt, new Date(`${year + 1}-01-01T00:00:00+08:00`)));
      const paidIn = async (prefix: string) => {
        const [r] = await env.deps.db
          .select({ fen: sql<string>`coalesce(sum(${subsidyClaimLines.amountFen}), 0)` })
          .from(subsidyClaimLines)
          .innerJoin(subsidyClaims, eq(subsidyClaims.id, subsidyClaimLines.claimId))
          .where(and(inYear, like(subsidyClaims.regionCode, `${prefix}%`)));
        return Number(r!.fen);
      };
      const province = (await (await as("finance")).get(`/api/stats/overview?year=${year}`)).json();
      expect(province.subsidies.amountFen).toBeGreaterThan(0);
      expect(province.subsidies.amountFen).toBe(await paidIn("22"));
      expect(province.notices.published).toBeGreaterThan(0);
      const changchun = (await (await as("cc.officer")).get(`/api/stats/overview?year=${year}`)).json();
      expect(changchun.subsidies.amountFen).toBe(await paidIn("2201"));
      expect(changchun.subsidies.amountFen).toBeGreaterThan(0);
    });
  });
});
