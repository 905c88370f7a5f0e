import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser } from "../../../test/factories.ts";
import { createTestEnv, type Session, type TestEnv } from "../../../test/harness.ts";
import { addWorkingDays, isWorkingDay, loadWorkCalendar, seedCalendar } from "./index.ts";

let env: TestEnv;
let admin: Session;
let cityAdmin: Session;
let officer: Session;

beforeAll(async () => {
  env = await createTestEnv();
  admin = await (await makeUser(env, { regionCode: "220000", grants: [grant.admin()] })).session();
  cityAdmin = await (await makeUser(env, { regionCode: "220100", grants: [grant.admin("220100")] })).session();
  officer = await (await makeUser(env, { regionCode: "220100", grants: [grant.officer("220100")] })).session();
});
afterAll(() => env?.close());

describe("working-day calendar", () => {
  it("is seeded with the 2026 arrangement and loads for deadline rules", async () => {
    const year = (await officer.get("/api/calendar?year=2026")).json();
    expect(year.covered).toBe(true);
    expect(year.days.find((d: { date: string }) => d.date === "2026-02-14")).toMatchObject({ kind: "workday", source: "seed" });
    const cal = await loadWorkCalendar(env.deps.db);
    expect(isWorkingDay(cal, "2026-02-16")).toBe(false);
    // Fri Feb 13 + 1 working day = Sat Feb 14 (调休上班)
    expect(addWorkingDays(cal, "2026-02-13", 1)).toBe("2026-02-14");
    const res = (await officer.get("/api/calendar/add-working-days?date=2026-02-13&n=2")).json();
    expect(res).toEqual({ date: "2026-02-24", covered: true });
    expect((await officer.get("/api/calendar?year=2031")).json()).toMatchObject({ covered: false, days: [] });
  });

  it("the province administrator corrects a day; the edit survives a re-seed and is audited", async () => {
    expect((await officer.put("/api/calendar/days/2026-03-09", { kind: "holiday" })).statusCode).toBe(403);
    expect((await cityAdmin.put("/api/calendar/days/2026-03-09", { kind: "holiday" })).json().error.code).toBe("catalogue.province_only");
    expect((await admin.put("/api/calendar/days/2026-03-10", { kind: "workday" })).json().error.code).toBe("calendar.invalid_day");
    const set = await admin.put("/api/calendar/days/2026-02-14", { kind: "normal", name: "更正" });
    expect(set.json()).toMatchObject({ date: "2026-02-14", kind: "normal", source: "manual" });
    await seedCalendar(env.deps.db);
    const cal = await loadWorkCalendar(env.deps.db);
    expect(isWorkingDay(cal, "2026-02-14")).toBe(false);
    const log = (await admin.get("/api/audit?entityType=calendar_day&entityId=2026-02-14")).json();
    expect(log.items[0]).toMatchObject({ action: "calendar.day_set", before: { kind: "workday" }, after: { kind: "normal" } });
  });
});
