import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeClass, makeWorld } from "../../modules/classes/classes.factory.ts";
import { makeUser } from "../../../test/factories.ts";
import { createTestEnv, type Session, type TestEnv } from "../../../test/harness.ts";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

/** A department grant is department ∩ region: 省妇联 limited to 长春市 sees K1 work in 长春市 only. */
describe("department grants within a region", () => {
  let womenChangchun: Session;
  let changchun: { institutionId: string; classId: string };
  let jilinCity: { institutionId: string; classId: string };

  beforeAll(async () => {
    const a = await makeWorld(env, { regionCode: "220102" });
    const b = await makeWorld(env, { regionCode: "220202" });
    changchun = { institutionId: a.institution.id, classId: (await makeClass(env, a)).id };
    jilinCity = { institutionId: b.institution.id, classId: (await makeClass(env, b)).id };
    womenChangchun = await (
      await makeUser(env, { regionCode: "220100", grants: [{ role: "dept_officer", scopeType: "department", departmentCode: "women", regionCode: "220100" }] })
    ).session();
  });

  it("lists and reads institutions of its programs inside its region only", async () => {
    const ids = (await womenChangchun.get("/api/institutions?pageSize=200")).json().items.map((i: { id: string }) => i.id);
    expect(ids).toContain(changchun.institutionId);
    expect(ids).not.toContain(jilinCity.institutionId);
    expect((await womenChangchun.get(`/api/institutions/${changchun.institutionId}`)).statusCode).toBe(200);
    expect((await womenChangchun.get(`/api/institutions/${jilinCity.institutionId}`)).statusCode).toBe(404);
  });

  it("lists and reads classes (and their rosters) inside its region only", async () => {
    const ids = (await womenChangchun.get("/api/classes?pageSize=200")).json().items.map((c: { id: string }) => c.id);
    expect(ids).toContain(changchun.classId);
    expect(ids).not.toContain(jilinCity.classId);
    const mine = await womenChangchun.get(`/api/classes/${changchun.classId}`);
    expect(mine.statusCode).toBe(200);
    const other = await womenChangchun.get(`/api/classes/${jilinCity.classId}`);
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain("roster\":[{");
  });
});
