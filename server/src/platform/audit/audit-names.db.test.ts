/**
 * The operation log names each object as the reader may see it (issue #10): the class's title and
 * number, the person's name and masked ID, the institution's name, the account's display name —
 * and only the type when the object is outside the reader's scope.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskIdNumber } from "../../../../shared/src/ids.ts";
import { approvedClass } from "../../modules/classes/classes.factory.ts";
import { persons } from "../../modules/trainees/index.ts";
import { grant, makeUser } from "../../../test/factories.ts";
import { createTestEnv, type Session, type TestEnv } from "../../../test/harness.ts";
import { audit } from "./audit.ts";

interface Entry {
  action: string;
  entityType: string;
  entityId: string | null;
  entity: { name: string; href: string | null } | null;
}

let env: TestEnv;
let w: Awaited<ReturnType<typeof approvedClass>>;
let province: Session;
let county: Session;
let movedPerson: { id: string; name: string; idNumber: string };
beforeAll(async () => {
  env = await createTestEnv();
  w = await approvedClass(env, { regionCode: "220102", roster: 2 });
  province = await (await makeUser(env, { regionCode: "220000", grants: [grant.auditor()] })).session();
  county = await (await makeUser(env, { regionCode: "220102", grants: [grant.auditor("220102")] })).session();
  // a person who has since moved to 吉林市: the 南关区 entry about them stays in 南关区's log
  movedPerson = w.world.persons[1]!;
  await env.deps.db.update(persons).set({ residenceRegionCode: "220202" }).where(eq(persons.id, movedPerson.id));
  await env.deps.db.transaction(async (tx) => {
    for (const p of w.world.persons) {
      await audit(tx, env.system, env.clock, { action: "person.id_viewed", entityType: "person", entityId: p.id, regionCode: "220102" });
    }
    // the factory inserts the institution directly; its registration is logged here
    await audit(tx, env.system, env.clock, { action: "institution.updated", entityType: "institution", entityId: w.world.institution.id, regionCode: "220102" });
  });
});
afterAll(() => env?.close());

const entries = async (s: Session, q: string): Promise<Entry[]> => {
  const r = await s.get(`/api/audit?regionCode=220102&pageSize=200&${q}`);
  expect(r.statusCode).toBe(200);
  return r.json().items;
};

describe("operation log object names", () => {
  it("names a class by its title and number, linked to its page", async () => {
    const [e] = await entries(county, `entityId=${w.classId}&action=class.approve`);
    expect(e!.entity).toEqual({ name: `车工（四级）就业技能培训班（${w.code}）`, href: `/classes/${w.classId}` });
  });

  it("names a person by name and the 3+1 masked ID, never the full number", async () => {
    const p = w.world.persons[0]!;
    const [e] = await entries(county, `entityId=${p.id}`);
    expect(e!.entity!.name).toBe(`${p.name}（${maskIdNumber(p.idNumber)}）`);
    expect(e!.entity!.name).not.toContain(p.idNumber);
  });

  it("names the institution and the account that acted on it", async () => {
    const log = await entries(province, "entityType=institution");
    const own = log.find((e) => e.entityId === w.world.institution.id);
    expect(own?.entity?.href).toBe(`/institutions/${w.world.institution.id}`);
    expect(own?.entity?.name).toMatch(/\S/);
    const users = await entries(province, "entityType=user");
    expect(users.find((e) => e.entityId === w.world.staff.id)?.entity?.name).toMatch(/^测试用户.+（.+）$/);
  });

  it("shows only the type when the reader may not see the object (out of scope is not named)", async () => {
    const [countyView] = await entries(county, `entityId=${movedPerson.id}`);
    expect(countyView!.entity).toBeNull();
    const [provinceView] = await entries(province, `entityId=${movedPerson.id}`);
    expect(provinceView!.entity!.name).toContain(movedPerson.name);
  });
});
