/**
 * The institution policy table, generated from the declaration: for every action × status × actor,
 * a real institution row in that status and the real route answer what `institutionRules` says —
 * 2xx when the actor plays a party of the action and the row is in a `from` state, 403 when it
 * plays none, the action's refused code (409) when the state is wrong. Guards (a running sanction,
 * nothing pending) are scenario tests elsewhere; here the row never carries them.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCodes } from "../../../../shared/src/errors.ts";
import { type Actor, userActor } from "../../platform/auth/actor.ts";
import { ruleTable } from "../../platform/authz/rules.ts";
import { grant, makeUser } from "../../../test/factories.ts";
import { createTestEnv, type Session, type TestEnv } from "../../../test/harness.ts";
import { idNumber, register } from "./institutions.factory.ts";
import { type InstitutionParty, type InstitutionRuleAction, institutionRules } from "./institutions.policy.ts";
import type { InstitutionStatus } from "./institutions.rules.ts";
import { institutionSanctions, institutions } from "./institutions.table.ts";
import { institutionStatuses } from "../../../../shared/src/contracts/institutions.ts";

let env: TestEnv;
let id: string;
let teacherId: string;
const sessions = new Map<string, Session>();

/** who acts, with the grants they hold (the same grants build the Actor the declaration is asked about) */
const actors = {
  owner: (inst: string) => [grant.institution(inst)],
  countyOfficer: () => [grant.officer("220102")],
  countyAuditor: () => [grant.auditor("220102")],
};
type ActorName = keyof typeof actors;

beforeAll(async () => {
  env = await createTestEnv();
  const r = await register(env, { regionCode: "220102" });
  id = r.id;
  const staff = await r.staff();
  sessions.set("owner", staff);
  const t = await staff.post(`/api/institutions/${id}/teachers`, { name: "张老师", idNumber: idNumber("19800101", "456"), employment: "full_time" });
  teacherId = t.json().id;
  for (const name of ["countyOfficer", "countyAuditor"] as const) {
    sessions.set(name, await (await makeUser(env, { regionCode: "220102", grants: actors[name]() })).session());
  }
});
afterAll(() => env?.close());

/** The parties an actor plays for the row, asked of the declaration itself. */
function partiesOf(name: ActorName): InstitutionParty[] {
  const grants = actors[name](id).map((g) => ({
    role: g.role,
    scopeType: g.scopeType,
    regionCode: "regionCode" in g ? (g.regionCode ?? null) : g.scopeType === "province" ? "220000" : null,
    departmentCode: null,
    institutionId: "institutionId" in g ? (g.institutionId ?? null) : null,
  }));
  const actor: Actor = userActor({ id: "x", username: name, regionCode: "220102", mustChangePassword: false }, grants);
  return institutionRules.partiesOf(actor, { id, regionCode: "220102", status: "pending", sanctionedUntil: null }, { today: "2026-03-02", hasPendingChanges: true });
}

const table = ruleTable(institutionRules, institutionStatuses);

/** The declaration's answer for an actor playing several parties: any party that may act wins. */
function expected(action: InstitutionRuleAction, status: InstitutionStatus, parties: InstitutionParty[]): "ok" | "party" | "state" {
  const rows = table.filter((r) => r.action === action && r.state === status && r.party !== null && parties.includes(r.party));
  if (rows.some((r) => r.expected === "ok")) return "ok";
  if (rows.some((r) => r.expected === "state")) return "state";
  return "party";
}

/** Puts the row into `status` with nothing that a guard would refuse, and something pending to review. */
async function reset(status: InstitutionStatus) {
  const db = env.deps.db;
  await db.delete(institutionSanctions).where(eq(institutionSanctions.institutionId, id));
  await db.update(institutions).set({ status, sanctionedUntil: null, agreementValidUntil: null, pendingChanges: { address: "待审核的新地址" } }).where(eq(institutions.id, id));
}

/** The real route for each action. */
const call: Record<InstitutionRuleAction, (s: Session) => ReturnType<Session["get"]>> = {
  approve: (s) => s.post(`/api/institutions/${id}/transitions`, { action: "approve" }),
  return: (s) => s.post(`/api/institutions/${id}/transitions`, { action: "return", reason: "补充材料" }),
  resubmit: (s) => s.post(`/api/institutions/${id}/transitions`, { action: "resubmit" }),
  reinstate: (s) => s.post(`/api/institutions/${id}/transitions`, { action: "reinstate" }),
  renew: (s) => s.post(`/api/institutions/${id}/transitions`, { action: "renew" }),
  withdraw: (s) => s.post(`/api/institutions/${id}/transitions`, { action: "withdraw" }),
  reapply: (s) => s.post(`/api/institutions/${id}/transitions`, { action: "reapply" }),
  // suspend and ban are what a level 2 and a level 4 sanction do
  suspend: (s) => s.post(`/api/institutions/${id}/sanctions`, { reason: "整改", level: 2 }),
  ban: (s) => s.post(`/api/institutions/${id}/sanctions`, { reason: "解除协议", level: 4 }),
  sanction: (s) => s.post(`/api/institutions/${id}/sanctions`, { reason: "约谈", level: 1 }),
  edit: (s) => s.patch(`/api/institutions/${id}`, { contactName: "新联系人" }),
  reviewQualifications: (s) => s.post(`/api/institutions/${id}/qualification-changes`, { decision: "reject" }),
  viewSensitive: (s) => s.get(`/api/institutions/${id}/teachers/${teacherId}/id-number`),
};

describe("institution policy table (generated from institutionRules)", () => {
  it("the actors play the parties their grants say", () => {
    expect(partiesOf("owner")).toEqual(["owner"]);
    expect(partiesOf("countyOfficer")).toEqual(["reviewer", "sanctioner", "sensitiveReader"]);
    expect(partiesOf("countyAuditor")).toEqual([]);
  });

  const actions = Object.keys(institutionRules.definition.actions) as InstitutionRuleAction[];
  it.each(actions)("%s: every status × actor answers as declared", async (action) => {
    const mismatches: string[] = [];
    const own = institutionRules.definition.actions[action].refusedCode;
    for (const status of institutionStatuses) {
      const refused = (typeof own === "function" ? own(status) : own) ?? institutionRules.definition.refusedCode;
      for (const name of Object.keys(actors) as ActorName[]) {
        const want = expected(action, status, partiesOf(name));
        await reset(status);
        const res = await call[action](sessions.get(name)!);
        const got = res.statusCode < 300 ? "ok" : `${res.statusCode} ${res.json().error?.code}`;
        const wanted = want === "ok" ? "ok" : want === "party" ? "403 auth.forbidden" : `${errorCodes[refused].status} ${refused}`;
        if (got !== wanted) mismatches.push(`${action} from ${status} by ${name}: declared ${wanted}, route answered ${got}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
