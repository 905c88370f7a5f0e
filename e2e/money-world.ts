/**
 * The stage of the money journey, built in process into the data directory before the server opens
 * it (it is not what the journey tests): an enterprise's assessed class of two eligible trainees
 * (server/src/modules/subsidies/subsidies.factory.ts walks it through the real class services), a
 * city standard of ¥1,200.00, a county budget to pay from, a city officer and a finance officer,
 * and trainee accounts. The factory leaves its clock on Monday 2026-03-23; the server starts there.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { buildApp } from "../server/src/app.ts";
import { postTransaction } from "../server/src/modules/funds/index.ts";
import { institutions } from "../server/src/modules/institutions/index.ts";
import { ensureTraineeAccount } from "../server/src/modules/trainees/index.ts";
import { makeAssessedClass, STANDARD_FEN } from "../server/src/modules/subsidies/subsidies.factory.ts";
import { systemActor } from "../server/src/platform/auth/actor.ts";
import { TestClock } from "../server/src/platform/clock.ts";
import { loadConfig } from "../server/src/platform/config.ts";
import { openDatabase } from "../server/src/platform/db/db.ts";
import { makeDeps, prepareDatabase } from "../server/src/setup.ts";
import { grant, makeUser, TEST_PASSWORD } from "../server/test/factories.ts";
import { login, type TestEnv } from "../server/test/harness.ts";
import { ADMIN_PASSWORD } from "./support.ts";

export { STANDARD_FEN };
export const PASSWORD = TEST_PASSWORD;
export const COUNTY = "220102";
export const CITY = "220100";
/** the factory's clock when the class is assessed: the claim is generated on this day */
export const WORLD_NOW = "2026-03-23T02:00:00Z";

export interface MoneyWorld {
  classId: string;
  classTitle: string;
  institutionId: string;
  institutionName: string;
  staff: string;
  countyOfficer: string;
  cityOfficer: string;
  finance: string;
  trainees: { name: string; username: string; temporaryPassword: string }[];
}

export async function buildMoneyWorld(dataDir: string): Promise<MoneyWorld> {
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, ADMIN_PASSWORD, DATABASE_URL: "", LOG_LEVEL: "warn" });
  const database = await openDatabase(config);
  const clock = new TestClock("2026-03-02T01:00:00Z");
  const deps = makeDeps(database, config, clock);
  await prepareDatabase(database, deps);
  const app = await buildApp(deps, { serveWeb: false });
  await app.ready();
  const env: TestEnv = { app, deps, clock, database, system: { actor: systemActor, requestId: "e2e-world", clientIp: null }, close: async () => {} };
  try {
    const a = await makeAssessedClass(env, [{}, {}], { regionCode: COUNTY });
    // an enterprise training its own staff: the enterprise is the payee of the training subsidy
    await deps.db.update(institutions).set({ type: "enterprise" }).where(eq(institutions.id, a.world.institution.id));
    const [inst] = await deps.db.select({ name: institutions.name }).from(institutions).where(eq(institutions.id, a.world.institution.id));
    const city = await makeUser(env, { regionCode: CITY, displayName: "长春市复审员", grants: [grant.officer(CITY)] });
    const finance = await makeUser(env, { regionCode: CITY, displayName: "长春市财务", grants: [{ role: "finance_officer", scopeType: "region", regionCode: CITY }] });
    // the county's budget, straight into the ledger (funds' own journeys cover allocation)
    await deps.db.transaction((tx) =>
      postTransaction(tx, env.system, clock, {
        kind: "funding",
        idempotencyKey: `e2e-${randomUUID()}`,
        fundSource: "employment_subsidy",
        regionCode: COUNTY,
        valueDate: "2026-03-01",
        memo: "旅程测试预算",
        postings: [
          { account: { kind: "budget", fundSource: "employment_subsidy", regionCode: COUNTY }, amountFen: 10_000_000 },
          { account: { kind: "source", fundSource: "employment_subsidy", regionCode: "220000" }, amountFen: -10_000_000 },
        ],
      }),
    );
    // the accounts the institution opened while the class ran (the class page does it then)
    const items: { personId: string; username: string; temporaryPassword: string | null }[] = [];
    for (const person of a.persons) {
      const acc = await deps.db.transaction((tx) => ensureTraineeAccount(deps, tx, a.world.staffCtx, person.id));
      items.push({ personId: person.id, username: acc.username, temporaryPassword: acc.temporaryPassword });
    }
    const staff = await login(app, a.world.staff.username, a.world.staff.password);
    const cls = await staff.request({ method: "GET", url: `/api/classes/${a.classId}` });
    return {
      classId: a.classId,
      classTitle: cls.json().title,
      institutionId: a.world.institution.id,
      institutionName: inst!.name,
      staff: a.world.staff.username,
      countyOfficer: a.world.officer.username,
      cityOfficer: city.username,
      finance: finance.username,
      trainees: a.persons.map((p) => {
        const acc = items.find((i) => i.personId === p.id)!;
        return { name: p.name, username: acc.username, temporaryPassword: acc.temporaryPassword ?? "" };
      }),
    };
  } finally {
    await app.close();
    await database.close();
  }
}
