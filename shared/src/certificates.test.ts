import { describe, expect, it } from "vitest";
import { checkSkillCertificateNumber } from "./certificates.ts";

describe("职业技能等级证书 numbers", () => {
  it("reads the parts of a well-formed number", () => {
    const r = checkSkillCertificateNumber("S000122000001244000123", 4);
    expect(r).toMatchObject({ ok: true, issuerKind: "social", bodyCode: "0001", province: "22", site: "000001", year: "24", level: 4, sequence: "000123" });
  });
  it("refuses wrong letters, lengths, provinces, levels and a level that disagrees", () => {
    expect(checkSkillCertificateNumber("X000122000001244000123").ok).toBe(false);
    expect(checkSkillCertificateNumber("S00012200000124400012").ok).toBe(false);
    expect(checkSkillCertificateNumber("S000199000001244000123").ok).toBe(false);
    expect(checkSkillCertificateNumber("S000122000001246000123").ok).toBe(false);
    expect(checkSkillCertificateNumber("S000122000001244000123", 3).ok).toBe(false);
  });
});
