import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser } from "../../../test/factories.ts";
import { createTestEnv, type TestEnv } from "../../../test/harness.ts";
import { approvedClass } from "../classes/classes.factory.ts";

type Grants = NonNullable<NonNullable<Parameters<typeof makeUser>[1]>["grants"]>;

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

/**
 * An unfiltered persons list counts its total from the scope tables alone (personScopeIds), while
 * its rows come through personScope: the two must name the same persons for every kind of grant.
 */
describe("the persons list's total is the number of persons it shows", () => {
  it("for county, city, institution, mixed and empty scopes", async () => {
    // trainees of the factory live in 长春市南关区 (220102); one class is held in 吉林市昌邑区 (220202)
    const away = await approvedClass(env, { regionCode: "220202", roster: 4 });
    const home = await approvedClass(env, { regionCode: "220102", roster: 3 });
    const scopes: Record<string, Grants> = {
      "county where the class is held": [grant.officer("220202")],
      "city where the class is held": [grant.officer("220200")],
      "county of residence": [grant.officer("220102")],
      "city of residence": [grant.officer("220100")],
      "a county with no one": [grant.officer("220203")],
      institution: [grant.institution(away.world.institution.id)],
      "county and another county's institution": [grant.officer("220202"), grant.institution(home.world.institution.id)],
    };
    for (const [name, grants] of Object.entries(scopes)) {
      const s = await (await makeUser(env, { regionCode: "220102", grants })).session();
      const list = (await s.get("/api/persons?pageSize=200")).json();
      expect(list.items.length, name).toBeLessThan(200);
      expect({ name, total: list.total, capped: list.totalCapped }).toEqual({ name, total: list.items.length, capped: false });
    }
    const county = await (await makeUser(env, { regionCode: "220202", grants: [grant.officer("220202")] })).session();
    expect((await county.get("/api/persons?pageSize=200")).json().total).toBeGreaterThanOrEqual(4);
  });
});
