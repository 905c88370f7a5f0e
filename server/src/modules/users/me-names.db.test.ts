/** /api/me names every grant's place (issue #10: staff saw "机构 4bdc354d…" as their role). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser } from "../../../test/factories.ts";
import { createTestEnv, type TestEnv } from "../../../test/harness.ts";
import { makeInstitution } from "../classes/classes.factory.ts";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

describe("/api/me grant names", () => {
  it("gives the institution's and the department's names, not only their id and code", async () => {
    const inst = await makeInstitution(env, { regionCode: "220102" });
    const staff = await makeUser(env, { regionCode: "220102", grants: [grant.institution(inst.id), grant.dept("edu")] });
    const me = (await (await staff.session()).get("/api/me")).json();
    const byScope = Object.fromEntries(me.grants.map((g: { scopeType: string }) => [g.scopeType, g]));
    expect(byScope.institution.institutionName).toBe(inst.name);
    expect(byScope.department.departmentName).toMatch(/教育厅/);
  });
});
