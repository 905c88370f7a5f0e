import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addMonths, decide, type EligibilityFacts, INSURANCE_PENDING, policy2019, policyAmountFen, type PriorSubsidy } from "./eligibility.ts";

const base = (o: Partial<EligibilityFacts> = {}): EligibilityFacts => ({
  subsidyType: "training",
  today: "2026-04-01",
  person: { categories: ["rural_migrant"], exclusions: [], inWorkingAge: true },
  attendancePercent: 95,
  result: "pass",
  certificate: { id: "c1", type: "skill_level", issueDate: "2026-03-21", level: 4, occupationCode: "6-18-01-01", revoked: false },
  prior: [],
  ...o,
});
const prior = (o: Partial<PriorSubsidy>): PriorSubsidy => ({ id: "p", subsidyType: "training", occupationCode: "4-01-01-01", level: 5, certificateId: "other", date: "2026-01-10", ...o });

describe("subsidy eligibility", () => {
  it("a passed, present, certified rural migrant is eligible as a free-training trainee, with every check listed", () => {
    const d = decide(base());
    expect(d).toMatchObject({ eligible: true, group: "free", reason: "符合补贴条件", policyVersion: "jl-2019-1" });
    expect(d.checks.map((c) => c.code)).toEqual(expect.arrayContaining(["category", "attendance", "passed", "certificate", "deadline", "per_year"]));
  });

  it("says why in plain Chinese: attendance, the yearly limit, the same occupation and level", () => {
    expect(decide(base({ attendancePercent: 72 })).reason).toBe("出勤率 72%，低于 80%");
    const three = [prior({ id: "a" }), prior({ id: "b", occupationCode: "x" }), prior({ id: "c", occupationCode: "y" })];
    expect(decide(base({ prior: three })).reason).toBe("2026 年已享受 3 次培训补贴，达到每年 3 次上限");
    expect(decide(base({ prior: [prior({ occupationCode: "6-18-01-01", level: 4 })] })).reason).toBe("同一职业（工种）同一等级已享受过培训补贴");
    expect(decide(base({ prior: [prior({ occupationCode: "6-18-01-01", level: 3 })] })).reason).toBe("已享受该职业更高等级（三级）培训补贴，不再补贴较低等级");
  });

  it("exclusions, revoked certificates and the claim deadline refuse", () => {
    expect(decide(base({ person: { categories: ["employee"], exclusions: ["pensioner"], inWorkingAge: true } })).reason).toBe("已领取养老金，不享受培训补贴");
    expect(decide(base({ certificate: { ...base().certificate!, revoked: true } })).reason).toBe("证书已撤销");
    expect(decide(base({ today: "2027-03-22" })).reason).toBe("已超过申领期限（证书日期后 12 个月，截至 2027-03-21）");
    expect(decide(base({ today: "2027-03-21" })).eligible).toBe(true);
  });

  it("no evaluation subsidy for a training-completion certificate; employees are subsidized, not free", () => {
    const tc = { ...base().certificate!, type: "training_completion", level: null };
    expect(decide(base({ subsidyType: "evaluation", certificate: tc })).reason).toBe("培训合格证书不享受鉴定评价补贴");
    expect(decide(base({ person: { categories: ["employee"], exclusions: [], inWorkingAge: true } })).group).toBe("subsidized");
  });

  it("the skill-upgrading subsidy needs 12 insured months and is never combined with a training subsidy for the same certificate", () => {
    const su = (o: Partial<EligibilityFacts> = {}) => base({ subsidyType: "skill_upgrading", person: { categories: [], exclusions: [], inWorkingAge: true, insuredMonths: 24 }, ...o });
    expect(decide(su())).toMatchObject({ eligible: true });
    expect(decide(su({ person: { categories: [], exclusions: [], inWorkingAge: true, insuredMonths: 8 } })).reason).toBe("参保 8 个月，不足 12 个月");
    expect(decide(su({ prior: [prior({ certificateId: "c1", subsidyType: "training" })] })).reason).toBe("同一证书不能同时享受培训补贴和技能提升补贴");
    expect(decide(base({ prior: [prior({ certificateId: "c1", subsidyType: "skill_upgrading" })] })).reason).toBe("同一证书不能同时享受培训补贴和技能提升补贴");
  });

  it("month arithmetic clamps to the month's last day", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2026-03-21", 12)).toBe("2027-03-21");
  });

  it("is eligible exactly when every check passes, and the reason is the first failed check (property)", () => {
    const facts = fc.record({
      attendancePercent: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
      result: fc.constantFrom("pass", "fail", "absent", null),
      exclusions: fc.subarray(["public_payroll", "pensioner", "student"] as const),
      inWorkingAge: fc.boolean(),
      priors: fc.array(fc.record({ occupationCode: fc.constantFrom("6-18-01-01", "x"), level: fc.constantFrom(1, 2, 3, 4, 5), date: fc.constantFrom("2025-06-01", "2026-02-01") }), { maxLength: 5 }),
      today: fc.constantFrom("2026-04-01", "2027-04-01"),
    });
    fc.assert(
      fc.property(facts, (x) => {
        const d = decide(
          base({
            attendancePercent: x.attendancePercent,
            result: x.result as EligibilityFacts["result"],
            today: x.today,
            person: { categories: ["rural_migrant"], exclusions: [...x.exclusions], inWorkingAge: x.inWorkingAge },
            prior: x.priors.map((p, i) => prior({ ...p, id: `p${i}` })),
          }),
          policy2019,
        );
        const failed = d.checks.filter((c) => !c.ok);
        expect(d.eligible).toBe(failed.length === 0);
        expect(d.reason).toBe(failed[0]?.reason ?? "符合补贴条件");
        // monotonic: an extra exclusion never turns a refusal into a grant
        const worse = decide(base({ attendancePercent: x.attendancePercent, result: x.result as EligibilityFacts["result"], today: x.today, person: { categories: ["rural_migrant"], exclusions: [...x.exclusions, "student"], inWorkingAge: x.inWorkingAge } }));
        expect(worse.eligible).toBe(false);
      }),
    );
  });
});

describe("living allowance and skill-upgrading rules", () => {
  const su = (o: Partial<EligibilityFacts> = {}, months: number | null = 24) =>
    base({ subsidyType: "skill_upgrading", attendancePercent: null, result: null, person: { categories: [], exclusions: [], inWorkingAge: true, insuredMonths: months }, ...o });

  it("skill-upgrading waits for the county's insured months, pays by level, and keeps to the yearly and occupation-level limits", () => {
    expect(decide(su({}, null))).toMatchObject({ eligible: false, reason: "参保月数待县级人社部门核验" });
    // a definitive refusal is named before the county's pending check
    expect(decide(su({ today: "2027-06-01" }, null)).reason).toBe("已超过申领期限（证书日期后 12 个月，截至 2027-03-21）");
    expect(policyAmountFen("skill_upgrading", { level: 5 })).toBe(100_000);
    expect(policyAmountFen("skill_upgrading", { level: 3 })).toBe(200_000);
    expect(decide(su({ certificate: { ...base().certificate!, level: 2 } })).reason).toBe("技能提升补贴限五级、四级、三级职业资格或技能等级证书");
    const three = ["x", "y", "z"].map((o, i) => prior({ id: `s${i}`, subsidyType: "skill_upgrading", occupationCode: o, date: "2026-02-01" }));
    expect(decide(su({ prior: three })).reason).toBe("2026 年已享受 3 次技能提升补贴，达到每年 3 次上限");
    expect(decide(su({ prior: [prior({ subsidyType: "skill_upgrading", occupationCode: "6-18-01-01", level: 4 })] })).reason).toBe("同一职业（工种）同一等级已享受过技能提升补贴");
  });

  it("the living allowance is for the poor groups only, once a natural year", () => {
    const la = (o: Partial<EligibilityFacts> = {}) => base({ subsidyType: "living_allowance", person: { categories: ["poor_labor"], exclusions: [], inWorkingAge: true }, ...o });
    expect(decide(la())).toMatchObject({ eligible: true });
    expect(policyAmountFen("living_allowance", null)).toBe(50_000);
    expect(decide(la({ person: { categories: ["rural_migrant"], exclusions: [], inWorkingAge: true } })).reason).toBe("生活费补贴仅限贫困劳动力和贫困家庭子女");
    expect(decide(la({ prior: [prior({ subsidyType: "living_allowance", date: "2026-01-05" })] })).reason).toBe("2026 年已享受 1 次生活费补贴，达到每年 1 次上限");
    expect(decide(la({ prior: [prior({ subsidyType: "living_allowance", date: "2025-11-05" })] })).eligible).toBe(true);
  });

  it("never combines a training subsidy with the skill-upgrading subsidy for one certificate, and counts each limit exactly (property)", () => {
    const types = ["training", "evaluation", "living_allowance", "skill_upgrading"] as const;
    const priorArb = fc.record({
      subsidyType: fc.constantFrom(...types),
      sameCertificate: fc.boolean(),
      occupationCode: fc.constantFrom("6-18-01-01", "x"),
      level: fc.constantFrom(3, 4, 5),
      date: fc.constantFrom("2025-06-01", "2026-02-01"),
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...types),
        fc.array(priorArb, { maxLength: 6 }),
        fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
        fc.constantFrom<readonly ("poor_labor" | "employee" | "rural_migrant")[]>(["poor_labor"], ["employee"], ["rural_migrant"], []),
        (type, priors, months, categories) => {
          const ps = priors.map((p, i) => prior({ id: `p${i}`, subsidyType: p.subsidyType, certificateId: p.sameCertificate ? "c1" : `o${i}`, occupationCode: p.occupationCode, level: p.level, date: p.date }));
          const d = decide(base({ subsidyType: type, prior: ps, person: { categories: [...categories], exclusions: [], inWorkingAge: true, insuredMonths: months } }));
          const failed = d.checks.filter((c) => !c.ok);
          const definitive = failed.filter((c) => c.code !== INSURANCE_PENDING);
          expect(d.eligible).toBe(failed.length === 0);
          expect(d.reason).toBe((definitive[0] ?? failed[0])?.reason ?? "符合补贴条件");
          expect(d.policyVersion).toBe(policy2019.version);
          const onCert = ps.filter((p) => p.certificateId === "c1");
          const trainingOnCert = onCert.some((p) => p.subsidyType === "training" || p.subsidyType === "evaluation");
          // the two never meet on one certificate
          if (type === "skill_upgrading" && trainingOnCert) expect(d.eligible).toBe(false);
          if ((type === "training" || type === "evaluation") && onCert.some((p) => p.subsidyType === "skill_upgrading")) expect(d.eligible).toBe(false);
          // skill-upgrading: never without checked months, never below the minimum, never past the yearly count
          if (type === "skill_upgrading") {
            if (months === null || months < policy2019.skillUpgrading.minInsuredMonths) expect(d.eligible).toBe(false);
            const thisYear = ps.filter((p) => p.subsidyType === "skill_upgrading" && p.date.startsWith("2026")).length;
            if (thisYear >= policy2019.skillUpgrading.maxPerYear) expect(d.eligible).toBe(false);
          }
          // living allowance: only the listed groups, at most once a year
          if (type === "living_allowance") {
            if (!categories.some((c) => policy2019.livingAllowance.categories.includes(c))) expect(d.eligible).toBe(false);
            if (ps.some((p) => p.subsidyType === "living_allowance" && p.date.startsWith("2026"))) expect(d.eligible).toBe(false);
          }
        },
      ),
    );
  });
});
