import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type Session, type TestEnv } from "../../../test/harness.ts";
import { makeClass, makeWorld, type World } from "../classes/classes.factory.ts";
import { users } from "../users/index.ts";

let env: TestEnv;
let w: World;
let staff: Session;
let account: { username: string; temporaryPassword: string };
const login = (username: string, password: string) => env.app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password } });

beforeAll(async () => {
  env = await createTestEnv();
  w = await makeWorld(env, { roster: 3 });
  await makeClass(env, w);
  staff = await w.staff.session();
  const res = await staff.post(`/api/persons/${w.persons[0]!.id}/trainee-account`);
  expect(res.statusCode, res.body).toBe(200);
  account = res.json();
});
afterAll(() => env?.close());

describe("trainees log in with their ID number or phone", () => {
  it("the ID number (a lowercase x too) and the password open the trainee's own account", async () => {
    const id = w.persons[0]!.idNumber;
    for (const name of [id, id.toLowerCase(), ` ${id} `]) {
      const res = await login(name, account.temporaryPassword);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(200);
    }
    // the account keeps only the keyed hash, never the number
    const [u] = await env.deps.db.select().from(users).where(eq(users.username, account.username));
    expect(JSON.stringify(u)).not.toContain(id.slice(6, 14));
    expect(u!.loginIdHash).toBe(env.deps.crypto.lookupHash(id.toUpperCase()));
  });

  it("a phone held by exactly one trainee account logs in; a shared one does not say which", async () => {
    await env.deps.db.update(users).set({ phone: "13912345678" }).where(eq(users.username, account.username));
    expect((await login("13912345678", account.temporaryPassword)).statusCode).toBe(200);
    const second = (await staff.post(`/api/persons/${w.persons[1]!.id}/trainee-account`)).json();
    await env.deps.db.update(users).set({ phone: "13912345678" }).where(eq(users.username, second.username));
    const shared = await login("13912345678", account.temporaryPassword);
    expect(shared.statusCode).toBe(401);
    expect(shared.json().error.code).toBe("auth.invalid_credentials");
    // an unknown ID number answers exactly like a wrong password
    const unknown = await login("110101199001011237", "whatever-Passw0rd!");
    expect(unknown.json().error).toMatchObject({ code: "auth.invalid_credentials", message: shared.json().error.message });
  });
});

describe("a forgotten trainee password", () => {
  it("the residence county gets a one-time code: the old password stops working, the code must be changed, the reset is audited", async () => {
    const officer = await w.officer.session();
    const person = (await officer.get(`/api/persons/${w.persons[0]!.id}`)).json();
    expect(person.abilities.resetPassword).toBe(true);
    const reset = await officer.post(`/api/persons/${w.persons[0]!.id}/trainee-account/reset-password`);
    expect(reset.statusCode, reset.body).toBe(200);
    const { oneTimeCode, username } = reset.json();
    // read out over the counter or the phone: groups of capitals and digits, no look-alikes
    expect(oneTimeCode).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    expect(username).toBe(account.username);
    expect((await login(w.persons[0]!.idNumber, account.temporaryPassword)).statusCode).toBe(401);
    const withCode = await login(w.persons[0]!.idNumber, oneTimeCode);
    expect(withCode.statusCode).toBe(200);
    expect(withCode.json().mustChangePassword).toBe(true);
    const rows = await env.deps.db.execute(sql`select count(*)::int as n from audit_log where action = 'user.password_reset' and entity_id = (select id::text from users where username = ${username})`);
    expect((rows as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(1);
  });

  it("another institution's staff cannot reset it (not found), and a person without an account says so", async () => {
    const other = await makeWorld(env, { roster: 1 });
    const otherStaff = await other.staff.session();
    expect((await otherStaff.post(`/api/persons/${w.persons[0]!.id}/trainee-account/reset-password`)).statusCode).toBe(404);
    const none = await staff.post(`/api/persons/${w.persons[2]!.id}/trainee-account/reset-password`);
    expect(none.statusCode).toBe(409);
    expect(none.json().error.code).toBe("person.no_account");
  });
});
