/**
 * Excel exports (issue #10): each reads through its list's own scope and presenter, so a county
 * officer's file holds its county's rows only, IDs stay masked as on the page, the file opens in
 * exceljs with the list's headers, and exports of persons and of the operation log are audited.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideCorrection, fileCorrection } from "../src/modules/attendance/corrections.service.ts";
import { makeClass, makeWorld, type World } from "../src/modules/classes/classes.factory.ts";
import { enterResults, issueCertificates } from "../src/modules/classes/classes.results.ts";
import { transitionClass } from "../src/modules/classes/classes.service.ts";
import { classSessions } from "../src/modules/classes/classes.table.ts";
import { persons } from "../src/modules/trainees/trainees.table.ts";
import { auditLog } from "../src/platform/audit/audit.table.ts";
import type { Session, TestEnv } from "./harness.ts";
import { createTestEnv } from "./harness.ts";

let env: TestEnv;
let a: World;
let b: World;
let classA: { id: string; code: string };
let classB: { id: string; code: string };
let officerA: Session;

async function sheetOf(res: { statusCode: number; headers: Record<string, unknown>; rawPayload: Buffer; body: string }) {
  expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
  expect(res.headers["content-type"]).toContain("spreadsheetml");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v)))));
  return { header: rows[0]!, rows: rows.slice(1) };
}

beforeAll(async () => {
  env = await createTestEnv();
  env.clock.set("2026-03-02T01:00:00Z");
  a = await makeWorld(env, { regionCode: "220102", roster: 2 });
  b = await makeWorld(env, { regionCode: "220204", roster: 2 });
  // the roster factory registers everyone in 南关区: side B's people live in 船营区
  await env.deps.db.update(persons).set({ residenceRegionCode: "220204" }).where(inArray(persons.id, b.persons.map((p) => p.id)));
  classA = await makeClass(env, a);
  classB = await makeClass(env, b);
  // class A runs: day 1 held with a correction, then finished with a certificate for the second trainee
  const [first] = await env.deps.db.select().from(classSessions).where(eq(classSessions.classId, classA.id)).orderBy(classSessions.startsAt).limit(1);
  env.clock.set("2026-03-16T00:00:00Z");
  await transitionClass(env.deps, a.staffCtx, classA.id, { action: "start" });
  env.clock.set(new Date(first!.startsAt.getTime() + 60 * 60_000));
  const correction = await fileCorrection(env.deps, a.staffCtx, { sessionId: first!.id, personId: a.persons[0]!.id, mark: "present", reason: "设备故障", evidence: "纸质签到表" });
  await decideCorrection(env.deps, a.officerCtx, correction.id, { decision: "approve" });
  env.clock.set("2026-03-21T00:00:00Z");
  await transitionClass(env.deps, a.staffCtx, classA.id, { action: "finish" });
  await enterResults(env.deps, a.staffCtx, classA.id, { results: [{ personId: a.persons[1]!.id, result: "pass", score: 90 }] });
  await issueCertificates(env.deps, a.staffCtx, classA.id, { certificates: [{ personId: a.persons[1]!.id, number: "JZEXPORT0001", issueDate: "2026-03-21" }] });
  officerA = await a.officer.session();
}, 120_000);
afterAll(() => env?.close());

describe("exports read what the list shows, nothing wider", () => {
  it("classes: a county officer's file holds its county's classes, with the list's filters", async () => {
    const list = (await officerA.get("/api/classes?pageSize=200")).json();
    const { header, rows } = await sheetOf(await officerA.get("/api/classes/export"));
    expect(header.slice(0, 4)).toEqual(["班级编号", "班级名称", "状态", "培训机构"]);
    expect(rows.length).toBe(list.total);
    expect(rows.map((r) => r[0])).toContain(classA.code);
    expect(rows.map((r) => r[0])).not.toContain(classB.code);
    expect(rows.find((r) => r[0] === classA.code)![2]).toBe("已结业");
    const filtered = await sheetOf(await officerA.get("/api/classes/export?status=approved"));
    expect(filtered.rows).toEqual([]);
  });

  it("persons: only the county's residents, IDs masked exactly as the list masks them, and the export is audited", async () => {
    const list = (await officerA.get("/api/persons?pageSize=200")).json();
    const { header, rows } = await sheetOf(await officerA.get("/api/persons/export"));
    expect(header.slice(0, 2)).toEqual(["姓名", "身份证号（脱敏）"]);
    expect(rows.length).toBe(list.total);
    const names = rows.map((r) => r[0]);
    for (const p of a.persons) expect(names).toContain(p.name);
    for (const p of b.persons) expect(names).not.toContain(p.name);
    const masked = new Map(list.items.map((p: { name: string; idNumberMasked: string }) => [p.name, p.idNumberMasked]));
    for (const r of rows) expect(r[1]).toBe(masked.get(r[0]));
    const file = JSON.stringify(rows);
    for (const p of [...a.persons, ...b.persons]) expect(file).not.toContain(p.idNumber);

    const [entry] = await env.deps.db.select().from(auditLog).where(and(eq(auditLog.action, "person.exported"), eq(auditLog.actorUsername, a.officer.username)));
    expect(entry!.after).toEqual({ filters: {}, rows: rows.length });
    await sheetOf(await officerA.get(`/api/persons/export?q=${encodeURIComponent(a.persons[0]!.name)}`));
    // in chain order: without ORDER BY, PostgreSQL may hand the rows back in any order
    const entries = await env.deps.db.select().from(auditLog).where(eq(auditLog.action, "person.exported")).orderBy(asc(auditLog.seq));
    expect(entries.at(-1)!.after).toEqual({ filters: { q: a.persons[0]!.name }, rows: 1 });
  });

  it("attendance: trainee × session marks and the rate, masked IDs; another county's class is not found", async () => {
    const summary = (await officerA.get(`/api/attendance/classes/${classA.id}/summary`)).json();
    const { header, rows } = await sheetOf(await officerA.get(`/api/attendance/classes/${classA.id}/export`));
    expect(header.length).toBe(2 + summary.sessions.length + 4);
    expect(header.slice(0, 2)).toEqual(["姓名", "身份证号（脱敏）"]);
    expect(header.at(-2)).toBe("出勤率(%)");
    expect(rows.length).toBe(2);
    const first = rows.find((r) => r[0] === a.persons[0]!.name)!;
    expect(first[1]).toBe(summary.trainees.find((t: { name: string }) => t.name === a.persons[0]!.name).idNumberMasked);
    // day 1: present by an approved correction; the second trainee did not check in
    expect(first[2]).toBe("√（补）");
    expect(rows.find((r) => r[0] === a.persons[1]!.name)![2]).toBe("×");
    expect((await officerA.get(`/api/attendance/classes/${classB.id}/export`)).statusCode).toBe(404);
  });

  it("certificates: the class's certificates with the holder's masked ID", async () => {
    const { header, rows } = await sheetOf(await officerA.get(`/api/classes/${classA.id}/certificates/export`));
    expect(header.slice(0, 4)).toEqual(["班级编号", "证书编号", "姓名", "身份证号（脱敏）"]);
    expect(rows).toEqual([expect.arrayContaining([classA.code, "JZEXPORT0001", a.persons[1]!.name, expect.stringMatching(/\*/)])]);
    expect((await officerA.get(`/api/classes/${classB.id}/certificates/export`)).statusCode).toBe(404);
  });

  it("users: the accounts the officer may see, not the other county's", async () => {
    const list = (await officerA.get("/api/users?pageSize=200")).json();
    const { header, rows } = await sheetOf(await officerA.get("/api/users/export"));
    expect(header[0]).toBe("用户名");
    expect(rows.length).toBe(list.total);
    expect(rows.map((r) => r[0])).not.toContain(b.officer.username);
  });

  it("operation log: an auditor's region only, and the export itself is audited", async () => {
    const { makeUser, grant } = await import("./factories.ts");
    const auditor = await (await makeUser(env, { regionCode: "220100", grants: [grant.auditor("220100")] })).session();
    const list = (await auditor.get("/api/audit?pageSize=200")).json();
    const { header, rows } = await sheetOf(await auditor.get("/api/audit/export"));
    expect(header.slice(0, 5)).toEqual(["序号", "时间", "操作人", "角色", "操作"]);
    expect(rows.length).toBe(list.total);
    expect(rows.every((r) => r[7] === "" || r[7]!.startsWith("2201"))).toBe(true);
    const [entry] = await env.deps.db.select().from(auditLog).where(eq(auditLog.action, "audit.exported"));
    expect(entry!.after).toEqual({ filters: {}, rows: rows.length });
  });
});
