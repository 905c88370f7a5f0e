/**
 * Import templates (one per import: the importer's exact headers, an example row, a notes sheet)
 * and region names in imports (南关区 as well as 220102).
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeInstitution } from "../src/modules/classes/classes.factory.ts";
import { nextIdNumber } from "../src/modules/trainees/trainees.factory.ts";
import { grant, makeUser } from "./factories.ts";
import { createTestEnv, type Session, type TestEnv } from "./harness.ts";

let env: TestEnv;
let staff: Session;
let admin: Session;

beforeAll(async () => {
  env = await createTestEnv();
  const inst = (await makeInstitution(env, { regionCode: "220102" })).id;
  staff = await (await makeUser(env, { regionCode: "220102", grants: [grant.institution(inst)] })).session();
  admin = await (await makeUser(env, { grants: [grant.admin()] })).session();
});
afterAll(() => env?.close());

const HEADER = "身份证号,姓名,居住地区划代码,户籍地区划代码";
const csv = (rows: string[]) => Buffer.from(`${HEADER}\r\n${rows.join("\r\n")}\r\n`, "utf8");
const importRoster = (file: Buffer, mode: "dry-run" | "commit") =>
  staff.request({ method: "POST", url: `/api/trainee-imports?mode=${mode}&filename=r.csv`, payload: file, headers: { "content-type": "text/csv" } });

describe("region names in a roster import", () => {
  it("accepts 南关区 and 长春市南关区 for 220102, and asks for the code when a name is ambiguous", async () => {
    const [a, b, c] = [nextIdNumber(), nextIdNumber(), nextIdNumber()];
    const dry = await importRoster(csv([`${a},名甲,南关区,`, `${b},名乙,长春市南关区,吉林市`, `${c},名丙,吉林,`]), "dry-run");
    expect(dry.statusCode).toBe(200);
    expect(dry.json().problems).toEqual([expect.objectContaining({ row: 4, column: "居住地区划代码", code: "region_ambiguous" })]);
    expect(dry.json().problems[0].message).toContain("吉林市 220200");

    const commit = await importRoster(csv([`${a},名甲,南关区,`, `${b},名乙,长春市南关区,吉林市`]), "commit");
    expect(commit.statusCode, commit.body).toBe(200);
    expect(commit.json()).toMatchObject({ created: 2, problemCount: 0 });
    const listed = (await staff.get(`/api/persons?q=${encodeURIComponent("名乙")}`)).json();
    expect(listed.items[0]).toMatchObject({ residenceRegionCode: "220102", residenceRegionName: "南关区" });
  });
});
