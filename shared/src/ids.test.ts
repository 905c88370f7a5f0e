import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkCreditCode, checkIdNumber, creditCheckChar, idCheckChar, maskIdNumber, maskName } from "./ids.ts";

const TODAY = "2026-11-28";

function makeId(prefix17: string): string {
  return prefix17 + idCheckChar(prefix17);
}

describe("resident ID numbers (GB 11643)", () => {
  it("accepts a valid number and derives birth date and gender", () => {
    const id = makeId("22010219900307123");
    const r = checkIdNumber(id, TODAY);
    expect(r).toMatchObject({ ok: true, birthDate: "1990-03-07", gender: "male", regionCode: "220102" });
    const f = checkIdNumber(makeId("22010219900307124"), TODAY);
    expect(f).toMatchObject({ ok: true, gender: "female" });
  });

  it("accepts lowercase x and stores it as X", () => {
    // find a 17-digit prefix whose check character is X
    let seq = 100;
    while (idCheckChar(`22010219850101${seq}`) !== "X") seq++;
    const p = `22010219850101${seq}`;
    const r = checkIdNumber(`${p}x`, TODAY);
    expect(r.ok && r.normalized).toBe(`${p}X`);
  });

  it("rejects a wrong check character, a bad date, a future date and an unreal province", () => {
    const good = makeId("22010219900307123");
    const wrong = good.slice(0, 17) + (good[17] === "1" ? "2" : "1");
    expect(checkIdNumber(wrong, TODAY)).toMatchObject({ ok: false, problem: "checksum" });
    expect(checkIdNumber(makeId("22010219900230123"), TODAY)).toMatchObject({ ok: false, problem: "birth_date" });
    expect(checkIdNumber(makeId("22010220270101123"), TODAY)).toMatchObject({ ok: false, problem: "future_birth_date" });
    expect(checkIdNumber(makeId("99010219900307123"), TODAY)).toMatchObject({ ok: false, problem: "province" });
    expect(checkIdNumber("2201021990030712", TODAY)).toMatchObject({ ok: false, problem: "format" });
  });

  it("keeps old county codes such as 220381 (公主岭 before 2020)", () => {
    expect(checkIdNumber(makeId("22038119800101002"), TODAY).ok).toBe(true);
  });

  it("any single changed digit is caught (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const id = makeId("22010219900307123");
        const changed = id.slice(0, pos) + ((Number(id[pos]) + delta) % 10) + id.slice(pos + 1);
        return !checkIdNumber(changed, TODAY).ok || changed === id;
      }),
    );
  });

  it("masks as 2201**********1234", () => {
    expect(maskIdNumber("220102199003071234")).toBe("2201**********1234");
    expect(maskName("张三")).toBe("张*");
    expect(maskName("欧阳娜娜")).toBe("欧***");
  });
});

describe("unified social credit codes (GB 32100)", () => {
  it("accepts a code whose check character is right", () => {
    const base = "91220101MA0Y12345";
    expect(checkCreditCode(base + creditCheckChar(base))).toEqual({ ok: true, normalized: base + creditCheckChar(base) });
  });
  it("rejects I, O, S, V, Z and a wrong check character", () => {
    expect(checkCreditCode("91220101MA0Y1234O1")).toMatchObject({ ok: false, problem: "format" });
    const base = "91220101MA0Y12345";
    const c = creditCheckChar(base);
    const wrong = base + (c === "0" ? "1" : "0");
    expect(checkCreditCode(wrong)).toMatchObject({ ok: false, problem: "checksum" });
  });
  it("every code built with its computed check character validates (property)", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-HJ-NPQRTUWXY]{17}$/), (p) => checkCreditCode(p + creditCheckChar(p)).ok),
    );
  });
});
