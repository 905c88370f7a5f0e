import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.ts";
import { TestClock } from "../clock.ts";
import { loadConfig } from "../config.ts";
import { createDataCrypto } from "../crypto.ts";
import type { Database } from "../db/db.ts";
import { openTestDatabase } from "../../../test/harness.ts";

// a built console in miniature: a hashed chunk with the .br/.gz the build writes beside it
const dist = fs.mkdtempSync(path.join(os.tmpdir(), "jl-web-"));
const chunk = `export const rows = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `第${i}行`))};\n`;
const indexHtml = `<!doctype html><html lang="zh-CN"><head><title>平台</title><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body><div id="root"></div>${"<!-- padding -->".repeat(80)}</body></html>`;
function write(rel: string, body: string) {
  const p = path.join(dist, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, body);
  fs.writeFileSync(`${p}.br`, zlib.brotliCompressSync(body));
  fs.writeFileSync(`${p}.gz`, zlib.gzipSync(body));
}
write("assets/index-Ab12Cd34.js", chunk);
write("index.html", indexHtml);
fs.writeFileSync(path.join(dist, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");

let app: FastifyInstance;
let database: Database;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ database, drop } = await openTestDatabase());
  const config = { ...loadConfig({}), webDist: dist };
  app = await buildApp({ db: database.db, dbKind: database.kind, clock: new TestClock("2026-03-02T01:00:00Z"), config, crypto: createDataCrypto("test-key") });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
  await drop?.();
  fs.rmSync(dist, { recursive: true, force: true });
});

const get = (url: string, acceptEncoding?: string) => app.inject({ method: "GET", url, headers: acceptEncoding ? { "accept-encoding": acceptEncoding } : {} });

describe("the console's files", () => {
  it("a hashed chunk comes brotli-compressed to a browser that accepts it, cached for a year", async () => {
    const r = await get("/assets/index-Ab12Cd34.js", "gzip, deflate, br");
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-encoding"]).toBe("br");
    expect(r.headers["content-type"]).toMatch(/javascript/);
    expect(r.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(r.headers.vary).toMatch(/accept-encoding/i);
    expect(zlib.brotliDecompressSync(r.rawPayload).toString()).toBe(chunk);
  });

  it("gzip for a client without brotli, the plain file for one without either", async () => {
    const gz = await get("/assets/index-Ab12Cd34.js", "gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(chunk);
    const plain = await get("/assets/index-Ab12Cd34.js");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toBe(chunk);
  });

  it("pages (client-side routes) get index.html compressed and never cached without asking", async () => {
    const r = await get("/classes/123", "br");
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-encoding"]).toBe("br");
    expect(r.headers["cache-control"]).toBe("no-cache");
    expect(zlib.brotliDecompressSync(r.rawPayload).toString()).toBe(indexHtml);
  });

  it("a chunk that does not exist (a page open across a deployment) is 404, not index.html", async () => {
    const r = await get("/assets/index-Old00000.js", "br");
    expect(r.statusCode).toBe(404);
  });

  it("the compressed copies are not addressable on their own", async () => {
    expect((await get("/assets/index-Ab12Cd34.js.br")).statusCode).toBe(404);
  });

  it("other files are cached for an hour", async () => {
    const r = await get("/favicon.svg", "br");
    expect(r.statusCode).toBe(200);
    expect(r.headers["cache-control"]).toBe("public, max-age=3600");
  });
});

describe("API answers", () => {
  it("a large JSON answer is compressed for a client that accepts it, and says it varies", async () => {
    const r = await get("/api/openapi.json", "gzip, deflate, br");
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-encoding"]).toBe("br");
    expect(r.headers.vary).toMatch(/accept-encoding/i);
    const doc = JSON.parse(zlib.brotliDecompressSync(r.rawPayload).toString());
    expect(doc.openapi).toBe("3.0.3");
    expect(r.rawPayload.length).toBeLessThan(Buffer.byteLength(JSON.stringify(doc)) / 4);
  });

  it("gzip when brotli is refused (q=0); plain JSON without Accept-Encoding", async () => {
    const gz = await get("/api/openapi.json", "br;q=0, gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(JSON.parse(zlib.gunzipSync(gz.rawPayload).toString()).openapi).toBe("3.0.3");
    const plain = await get("/api/openapi.json");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.json().openapi).toBe("3.0.3");
  });

  it("a small answer is sent as it is", async () => {
    const r = await get("/api/health", "br");
    expect(r.headers["content-encoding"]).toBeUndefined();
    expect(r.json().status).toBe("ok");
  });
});
