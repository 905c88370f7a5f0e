import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser } from "../../../test/factories.ts";
import { createTestEnv, type TestEnv } from "../../../test/harness.ts";
import { approvedClass } from "../classes/classes.factory.ts";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

describe("a county officer sees the trainees of classes held in the county", () => {
  it("even when they live in another city, and no one else's", async () => {
    // trainees of the factory live in 长春市南关区 (220102); the class is held in 吉林市昌邑区 (220202)
    const { world } = await approvedClass(env, { regionCode: "220202" });
    const trainee = world.persons[0]!;
    const changyi = await (await makeUser(env, { regionCode: "220202", grants: [grant.officer("220202")] })).session();
    const longtan = await (await makeUser(env, { regionCode: "220203", grants: [grant.officer("220203")] })).session();

    const seen = await changyi.get(`/api/persons/${trainee.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().name).toBe(trainee.name);
    expect(seen.json().idNumberMasked ?? seen.json().idNumber).not.toBe(trainee.idNumber);

    expect((await longtan.get(`/api/persons/${trainee.id}`)).statusCode).toBe(404);
    const list = (await longtan.get("/api/persons?pageSize=200")).json();
    expect(list.items.map((p: { id: string }) => p.id)).not.toContain(trainee.id);
  });
});
