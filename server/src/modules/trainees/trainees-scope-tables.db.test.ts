import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser } from "../../../test/factories.ts";
import { createTestEnv, type TestEnv } from "../../../test/harness.ts";
import { approvedClass, ctxOf } from "../classes/classes.factory.ts";
import { personEnrollments } from "../classes/index.ts";
import { personScope } from "./trainees.policy.ts";
import * as repo from "./trainees.repo.ts";
import { listPersons } from "./trainees.service.ts";
import { persons } from "./trainees.table.ts";

type Grants = NonNullable<NonNullable<Parameters<typeof makeUser>[1]>["grants"]>;

/** the scopes both tests read through: counties and cities where the class is held or the trainees live, and the institution */
const regionScopes = (institutionId: string): Record<string, Grants> => ({
  "county where the class is held": [grant.officer("220202")],
  "city where the class is held": [grant.officer("220200")],
  "county of residence": [grant.officer("220102")],
  "city of residence": [grant.officer("220100")],
  "a county with no one": [grant.officer("220203")],
  institution: [grant.institution(institutionId)],
});

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

/**
 * A single county, city or institution scope, and a county or city filter, read the list's page in
 * name order from the scope tables' copy of the name (migration 0042): the same persons in the same
 * order, and the same total, as the list read from persons through personScope — also after a
 * person's name or residence changes, which the triggers copy.
 */
describe("a scoped persons list read from the scope tables", () => {
  it("shows the persons, order and total the persons table gives, for every scope and filter", async () => {
    // the factory's trainees live in 长春市南关区 (220102); one class is held in 吉林市昌邑区 (220202)
    const away = await approvedClass(env, { regionCode: "220202", roster: 5 });
    const home = await approvedClass(env, { regionCode: "220102", roster: 4 });
    const [a0, a1, a2] = away.world.persons;
    const [h0] = home.world.persons;
    const at = new Date("2026-01-02T00:00:00Z");
    await repo.insertCategories(
      env.deps.db,
      [a0!, a2!, h0!].map((p) => ({ personId: p.id, category: "disabled", evidenceType: "registry_match" as const, evidenceRef: "残联名单", evidenceDate: "2026-01-01", createdAt: at })),
    );
    // a name that sorts first now, and a move to the class's county: both must reach the scope tables
    await env.deps.db.update(persons).set({ name: "A改名" }).where(eq(persons.id, a1!.id));
    await env.deps.db.update(persons).set({ residenceRegionCode: "220202" }).where(eq(persons.id, a2!.id));

    const scopes: Record<string, Grants> = {
      ...regionScopes(away.world.institution.id),
      province: [grant.officer("220000")],
      "county and another county's institution": [grant.officer("220202"), grant.institution(home.world.institution.id)],
    };
    const filters: { regionCode?: string; category?: string }[] = [{}, { category: "disabled" }, { regionCode: "220102" }, { regionCode: "220100" }, { regionCode: "220202" }, { regionCode: "220200", category: "disabled" }];
    let compared = 0;
    for (const [name, grants] of Object.entries(scopes)) {
      const user = await makeUser(env, { regionCode: "220102", grants });
      const ctx = ctxOf(user, "220102", grants);
      const scope = personScope(ctx.actor, "person.read", personEnrollments);
      for (const f of filters) {
        for (const [page, pageSize] of [
          [1, 200],
          [2, 3],
        ] as const) {
          const got = await listPersons({ ...env.deps, enrollments: personEnrollments }, ctx, { ...f, page, pageSize });
          const want = await repo.listPersons(env.deps.db, scope, { regionPrefix: f.regionCode?.replace(/0+$/, ""), category: f.category, page, pageSize });
          const label = `${name} ${JSON.stringify(f)} page ${page}`;
          expect({ label, ids: got.items.map((p) => p.id), total: got.total }).toEqual({ label, ids: want.rows.map((p) => p.id), total: want.total });
          compared += want.rows.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(50);
    // the renamed person comes first in the class county's list, under the new name
    const county = ctxOf(await makeUser(env, { regionCode: "220202", grants: [grant.officer("220202")] }), "220202", [grant.officer("220202")]);
    const first = (await listPersons({ ...env.deps, enrollments: personEnrollments }, county, { page: 1, pageSize: 1 })).items[0];
    expect({ id: first?.id, name: first?.name }).toEqual({ id: a1!.id, name: "A改名" });
  });

  it("a one- or two-character search finds the names that start with it, in name order", async () => {
    const { world } = await approvedClass(env, { roster: 3 });
    const [first, second] = [world.persons[0]!, world.persons[1]!];
    await env.deps.db.update(persons).set({ name: "冯一" }).where(eq(persons.id, first.id));
    await env.deps.db.update(persons).set({ name: "冯" }).where(eq(persons.id, second.id));
    const admin = [grant.officer("220000")];
    const ctx = ctxOf(await makeUser(env, { regionCode: "220000", grants: admin }), "220000", admin);
    for (const q of ["冯", "冯一", "学", "学员", "%", "A"]) {
      const got = await listPersons({ ...env.deps, enrollments: personEnrollments }, ctx, { q, page: 1, pageSize: 200 });
      const want = await env.deps.db
        .select({ id: persons.id })
        .from(persons)
        .where(sql`starts_with(${persons.name}, ${q})`)
        .orderBy(asc(persons.name), asc(persons.id));
      expect({ q, ids: got.items.map((p) => p.id), total: got.total }).toEqual({ q, ids: want.map((p) => p.id), total: want.length });
    }
  });
});

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
      ...regionScopes(away.world.institution.id),
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
