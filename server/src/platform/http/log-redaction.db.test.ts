import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.ts";
import { createTestEnv, type TestEnv } from "../../../test/harness.ts";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

/** Values a failing query might carry: a masked ID, a birth date, a name, a phone. */
const SECRETS = ["2201**********001X", "1985-06-15", "张秀英", "13900001111"];

describe("error logs", () => {
  it("log a failed query without its parameters or the values its message quotes", async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = await buildApp(env.deps, { serveWeb: false, logger: { level: "info", stream } });
    app.get("/api/test/failing-query", { config: { access: "public" } }, async () => {
      const [id, birth, name, phone] = SECRETS;
      // a programming error inside PostgreSQL (no such function): unexpected, so 500 and logged,
      // with the parameters attached by the driver (typed-input errors like 22P02 are 400s now)
      await env.deps.db.execute(sql`select ${name}::text, ${phone}::text, ${birth}::text, jl_no_such_function(${id}::text)`);
      return { ok: true };
    });
    await app.ready();
    const res = await app.inject({ method: "GET", url: "/api/test/failing-query" });
    expect(res.statusCode).toBe(500);
    await app.close();
    const logged = lines.join("\n");
    expect(logged).toContain("unexpected error");
    expect(logged).toContain(res.json().error.requestId);
    expect(logged).toContain("42883"); // still says what went wrong
    for (const s of SECRETS) expect(logged).not.toContain(s);
    for (const s of SECRETS) expect(logged).not.toContain(JSON.stringify(s).slice(1, -1));
  });
});
