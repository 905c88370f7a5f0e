import { describe, expect, it } from "vitest";
import { maskIdNumber } from "../../../../shared/src/ids.ts";
import { makeIdNumber } from "./trainees.factory.ts";
import { ageOn, chinaDate, normalizePerson, personWarnings, WORKING_AGE } from "./trainees.rules.ts";

const regions = new Map<string, "province" | "city" | "county">([
  ["220000", "province"],
  ["220100", "city"],
  ["220102", "county"],
  ["220381", "county"],
]);
const lk = { today: "2026-03-02", regions };
const codes = (p: { problems: { code: string }[] }) => p.problems.map((x) => x.code);

describe("working age (exclusion screen)", () => {
  it("counts completed years, a 29 February birthday coming on 1 March", () => {
    expect(ageOn("2010-03-02", "2026-03-01")).toBe(15);
    expect(ageOn("2010-03-02", "2026-03-02")).toBe(16);
    expect(ageOn("2008-02-29", "2025-02-28")).toBe(16);
    expect(ageOn("2008-02-29", "2025-03-01")).toBe(17);
  });

  it("working age goes by birth year: under 16 all year long is outside, turning 16 that year is inside", () => {
    const w = (birthYear: number, on: string) => personWarnings({ birthYear, gender: "male", exclusions: [] }, on).map((x) => x.code);
    expect(w(2011, "2026-12-31")).toEqual(["under_working_age"]);
    expect(w(2010, "2026-01-01")).toEqual([]);
  });

  it("men are outside from the year they turn 60, women 55 — the same answer every day of that year", () => {
    expect(WORKING_AGE.retirement).toEqual({ male: 60, female: 55 });
    const w = (gender: "male" | "female", birthYear: number, on: string) => personWarnings({ birthYear, gender, exclusions: [] }, on).map((x) => x.code);
    expect(w("male", 1967, "2026-12-31")).toEqual([]);
    expect(w("male", 1966, "2026-01-01")).toEqual(["over_working_age"]);
    expect(w("male", 1966, "2026-12-31")).toEqual(["over_working_age"]);
    expect(w("female", 1972, "2026-12-31")).toEqual([]);
    expect(w("female", 1971, "2026-01-01")).toEqual(["over_working_age"]);
  });

  it("recorded exclusions become warnings with a message", () => {
    const w = personWarnings({ birthYear: 1990, gender: "female", exclusions: [{ kind: "pensioner" }, { kind: "public_payroll" }] }, "2026-03-02");
    expect(w.map((x) => x.code)).toEqual(["pensioner", "public_payroll"]);
    expect(w[0]!.message).toContain("养老金");
  });

  it("the date is China's calendar date (UTC+8)", () => {
    expect(chinaDate(new Date("2026-03-01T16:30:00Z"))).toBe("2026-03-02");
    expect(chinaDate(new Date("2026-03-01T15:59:00Z"))).toBe("2026-03-01");
  });
});

describe("masking", () => {
  it("shows the first three characters and the check character", () => {
    expect(maskIdNumber("220102199005170014")).toBe("220**************4");
    expect(maskIdNumber("22010219900517001X")).toBe("220**************X");
  });
});

describe("person fields", () => {
  const base = { idNumber: makeIdNumber({ gender: "female" }), name: "李丽", residenceRegionCode: "220102" };

  it("derives gender and birth date; lowercase x is stored as X", () => {
    const r = normalizePerson(base, lk);
    expect(r.value).toMatchObject({ gender: "female", birthDate: "1990-05-17" });
    let x = "";
    for (let seq = 0; seq < 999 && !x.endsWith("X"); seq++) x = makeIdNumber({ seq });
    const lower = normalizePerson({ ...base, idNumber: x.toLowerCase() }, lk);
    expect(lower.value?.idNumber).toBe(x);
  });

  it("a gender or birth date that disagrees with the ID is its own error", () => {
    expect(codes(normalizePerson({ ...base, gender: "男" }, lk))).toEqual(["gender_mismatch"]);
    expect(codes(normalizePerson({ ...base, gender: "female", birthDate: "1990-05-18" }, lk))).toEqual(["birth_date_mismatch"]);
    expect(normalizePerson({ ...base, gender: "女", birthDate: "1990/5/17" }, lk).value).toBeDefined();
  });

  it("names each ID problem: checksum, date, province, format", () => {
    const id = base.idNumber;
    const wrongCheck = id.slice(0, 17) + (id[17] === "1" ? "2" : "1");
    expect(codes(normalizePerson({ ...base, idNumber: wrongCheck }, lk))).toEqual(["id_checksum"]);
    expect(codes(normalizePerson({ ...base, idNumber: makeIdNumber({ birth: "1990-02-30" }) }, lk))).toEqual(["id_birth_date"]);
    expect(codes(normalizePerson({ ...base, idNumber: makeIdNumber({ region: "990102" }) }, lk))).toEqual(["id_province"]);
    expect(codes(normalizePerson({ ...base, idNumber: "12345" }, lk))).toEqual(["id_format"]);
    // an old county code on the card is fine
    expect(normalizePerson({ ...base, idNumber: makeIdNumber({ region: "220381" }) }, lk).value).toBeDefined();
  });

  it("lists every problem at once: empty required fields, regions, phone, credit code, employee employer", () => {
    const r = normalizePerson(
      { idNumber: "", name: " ", residenceRegionCode: "110101", householdRegionCode: "229999", phone: "123", employerCreditCode: "91220101MA0000000X", categories: ["employee"] },
      lk,
    );
    expect(r.value).toBeUndefined();
    expect(r.problems.map((p) => `${p.field}:${p.code}`)).toEqual(
      expect.arrayContaining([
        "idNumber:required",
        "name:required",
        "residenceRegionCode:unknown_region",
        "householdRegionCode:unknown_region",
        "phone:invalid_phone",
        "employerCreditCode:credit_checksum",
        "employerName:required",
      ]),
    );
  });

  it("keeps a household region outside Jilin as given; residence must be a Jilin city or county", () => {
    expect(normalizePerson({ ...base, householdRegionCode: "110101" }, lk).value?.householdRegionCode).toBe("110101");
    expect(codes(normalizePerson({ ...base, residenceRegionCode: "220000" }, lk))).toEqual(["region_too_broad"]);
  });
});
