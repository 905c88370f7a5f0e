import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser, TEST_PASSWORD } from "../../../test/factories.ts";
import { anonymous, createTestEnv, type Session, type TestEnv } from "../../../test/harness.ts";
import { makeInstitution } from "../classes/classes.factory.ts";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

/**
 * Acting on an account needs covering its home region AND every grant it holds: otherwise a
 * narrower administrator resets a wider one's password and logs in as them.
 */
describe("account takeover by a narrower administrator", () => {
  async function expectUntouchable(admin: Session, targetId: string, username: string) {
    const seen = await admin.get(`/api/users/${targetId}`);
    expect(seen.statusCode).toBe(200); // visible: its home region is the admin's
    expect(seen.json().abilities).toMatchObject({ edit: false, resetPassword: false, disable: false, changeGrants: false });
    const reset = await admin.post(`/api/users/${targetId}/reset-password`);
    expect(reset.statusCode).toBe(403);
    expect(reset.json().error.code).toBe("user.scope_outside");
    expect((await admin.patch(`/api/users/${targetId}`, { status: "disabled" })).statusCode).toBe(403);
    expect((await admin.patch(`/api/users/${targetId}`, { displayName: "改名" })).statusCode).toBe(403);
    expect((await admin.patch(`/api/users/${targetId}`, { grants: [grant.officer("220202")] })).statusCode).toBe(403);
    // nothing changed: the owner still logs in with the old password
    expect((await anonymous(env.app).post("/api/auth/login", { username, password: TEST_PASSWORD })).statusCode).toBe(200);
  }

  it("a city administrator cannot reset, disable or edit a province administrator living in the city", async () => {
    const cityAdmin = await (await makeUser(env, { regionCode: "220200", grants: [grant.admin("220200")] })).session();
    const provinceAdmin = await makeUser(env, { regionCode: "220202", grants: [grant.admin()] });
    await expectUntouchable(cityAdmin, provinceAdmin.id, provinceAdmin.username);
  });

  it("a county administrator cannot take over a city-level officer of its own county", async () => {
    const countyAdmin = await (await makeUser(env, { regionCode: "220102", grants: [grant.admin("220102")] })).session();
    const cityOfficer = await makeUser(env, { regionCode: "220102", grants: [grant.officer("220100")] });
    await expectUntouchable(countyAdmin, cityOfficer.id, cityOfficer.username);
  });

  it("an administrator cannot take over an account that also works for an institution elsewhere", async () => {
    const cityAdmin = await (await makeUser(env, { regionCode: "220200", grants: [grant.admin("220200")] })).session();
    const elsewhere = await makeInstitution(env, { regionCode: "220102" });
    const staff = await makeUser(env, { regionCode: "220202", grants: [grant.officer("220202"), grant.institution(elsewhere.id)] });
    await expectUntouchable(cityAdmin, staff.id, staff.username);
  });

  it("an administrator covering every grant still acts, and the abilities say so", async () => {
    const cityAdmin = await (await makeUser(env, { regionCode: "220200", grants: [grant.admin("220200")] })).session();
    const mine = await makeInstitution(env, { regionCode: "220202" });
    const staff = await makeUser(env, { regionCode: "220202", grants: [grant.officer("220202"), grant.institution(mine.id)] });
    const seen = (await cityAdmin.get(`/api/users/${staff.id}`)).json();
    expect(seen.abilities).toMatchObject({ edit: true, resetPassword: true, disable: true, enable: false, changeGrants: true });
    const reset = await cityAdmin.post(`/api/users/${staff.id}/reset-password`);
    expect(reset.statusCode).toBe(200);
    const disabled = await cityAdmin.patch(`/api/users/${staff.id}`, { status: "disabled" });
    expect(disabled.json().abilities).toMatchObject({ disable: false, enable: true });
  });
});
