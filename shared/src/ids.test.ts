import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkCreditCode,
  checkIdNumber,
  countIdCandidates,
  creditCheckChar,
  type IdentityFacts,
  idCheckChar,
  identityFacts,
  maskIdNumber,
  maskName,
  remaskIdFields,
  shownIdentity,
} from "./ids.ts";

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

  it("masks as 220**************4, and coarsens an old 4+4 mask to the same", () => {
    expect(maskIdNumber("220102199003071234")).toBe("220**************4");
    expect(maskIdNumber("2201**********1234")).toBe("220**************4");
    expect(maskName("张三")).toBe("张*");
    expect(maskName("欧阳娜娜")).toBe("欧***");
  });

  it("audit entries written with the old mask are shown coarsened, nested or not", () => {
    const entry = { institutionId: "i", idNumberMasked: "2201**********1234", teachers: [{ idNumberMasked: "2201**********123X", name: "张三" }] };
    expect(remaskIdFields(entry)).toEqual({ institutionId: "i", idNumberMasked: "220**************4", teachers: [{ idNumberMasked: "220**************X", name: "张三" }] });
    expect(remaskIdFields(null)).toBeNull();
  });
});

/** A valid resident ID number: a Jilin-like address code, a birth date 1940–2010, any sequence. */
const validId = fc
  .record({
    county: fc.integer({ min: 0, max: 9999 }),
    day: fc.integer({ min: 0, max: 70 * 365 }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ county, day, seq }) => {
    const birth = new Date(Date.UTC(1940, 0, 1) + day * 86_400_000).toISOString().slice(0, 10).replace(/-/g, "");
    return makeId(`22${String(county).padStart(4, "0")}${birth}${String(seq).padStart(3, "0")}`);
  });

const same = (a: IdentityFacts, b: IdentityFacts) =>
  a.idNumberMasked === b.idNumberMasked && a.birthYear === b.birthYear && a.gender === b.gender && a.householdRegionCode === b.householdRegionCode;

/**
 * Issue #7: whatever a screen shows next to the mask must leave at least 10,000 ID numbers. The
 * attacker is handed the address code (the household region is recorded for most people and the
 * residence is usually the same county) and the count only walks the true birth year, so the
 * numbers below are lower bounds.
 */
describe("what a mask leaves to guess (property)", () => {
  const household = (id: string) => id.slice(0, 6);

  it("a role without the full-view permission: ≥ 10,000 candidates from everything the person views show", () => {
    fc.assert(
      fc.property(validId, (id) => {
        const seen = shownIdentity(identityFacts(id, household(id)), false);
        const n = countIdCandidates(household(id), seen.birthYear, TODAY, (c) => same(shownIdentity(identityFacts(c, household(c)), false), seen));
        return n >= 10_000;
      }),
      { numRuns: 5, examples: [["22010219880229000X"], ["220581200012310018"]] },
    );
  });

  it("the database without the key: ≥ 10,000 candidates from the plain columns (mask, birth year, gender, household region)", () => {
    fc.assert(
      fc.property(validId, (id) => {
        const stored = identityFacts(id, household(id));
        const n = countIdCandidates(household(id), stored.birthYear, TODAY, (c) => same(identityFacts(c, household(c)), stored));
        return n >= 10_000;
      }),
      { numRuns: 5, examples: [["22010219880229000X"], ["220581200012310018"]] },
    );
  });

  it("the old 4+4 mask next to a full birth date left one candidate (why the mask changed)", () => {
    const id = makeId("22010219900307123");
    const old = (x: string) => `${x.slice(0, 4)}**********${x.slice(-4)}|${x.slice(6, 14)}`;
    expect(countIdCandidates("220102", 1990, TODAY, (c) => old(c) === old(id))).toBe(1);
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
