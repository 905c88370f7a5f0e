import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arrangementDays, holidayArrangements } from "./calendar.data.ts";
import { addWorkingDays, isWorkingDay, makeCalendar, weekday, workingDaysBetween } from "./working-days.ts";

const cal = makeCalendar(arrangementDays(), Object.keys(holidayArrangements).map(Number));
const weekendsOnly = makeCalendar([], []);

describe("holiday data", () => {
  it("every make-up working day is a Saturday or Sunday, and no day is both off and worked", () => {
    const days = arrangementDays();
    const off = new Set(days.filter((d) => d.kind === "holiday").map((d) => d.date));
    for (const d of days.filter((x) => x.kind === "workday")) {
      expect([0, 6], d.date).toContain(weekday(d.date));
      expect(off.has(d.date), d.date).toBe(false);
    }
  });

  it("covers 2019 through 2026 with New Year, Spring Festival and National Day each year", () => {
    for (let y = 2019; y <= 2026; y++) {
      const names = holidayArrangements[y]!.map((a) => a.name).join(",");
      expect(names, String(y)).toMatch(/元旦/);
      expect(names, String(y)).toMatch(/春节/);
      expect(names, String(y)).toMatch(/国庆节/);
    }
  });
});

describe("isWorkingDay", () => {
  it("2024 Spring Festival: Feb 10–17 off, Sundays Feb 4 and Feb 18 worked", () => {
    expect(isWorkingDay(cal, "2024-02-04")).toBe(true); // Sunday, 调休上班
    expect(isWorkingDay(cal, "2024-02-09")).toBe(true); // 除夕 2024 was not an official day off
    for (const d of ["2024-02-10", "2024-02-12", "2024-02-16", "2024-02-17"]) expect(isWorkingDay(cal, d), d).toBe(false);
    expect(isWorkingDay(cal, "2024-02-18")).toBe(true); // Sunday, 调休上班
    expect(isWorkingDay(weekendsOnly, "2024-02-18")).toBe(false);
  });

  it("2025 Spring Festival: Jan 28–Feb 4 off, Sunday Jan 26 and Saturday Feb 8 worked", () => {
    expect(isWorkingDay(cal, "2025-01-26")).toBe(true);
    expect(isWorkingDay(cal, "2025-01-27")).toBe(true);
    expect(isWorkingDay(cal, "2025-01-28")).toBe(false);
    expect(isWorkingDay(cal, "2025-02-04")).toBe(false);
    expect(isWorkingDay(cal, "2025-02-05")).toBe(true);
    expect(isWorkingDay(cal, "2025-02-08")).toBe(true);
    expect(isWorkingDay(cal, "2025-02-09")).toBe(false); // an ordinary Sunday
  });
});

describe("addWorkingDays", () => {
  it("5 working days from the Friday before the 2024 Spring Festival lands after the holiday", () => {
    // Fri Feb 9 → Sun Feb 18 (调休, 1), Mon 19 (2), Tue 20 (3), Wed 21 (4), Thu 22 (5)
    expect(addWorkingDays(cal, "2024-02-09", 5)).toBe("2024-02-22");
    // with weekends only it would have been Fri Feb 16
    expect(addWorkingDays(weekendsOnly, "2024-02-09", 5)).toBe("2024-02-16");
  });

  it("counts the Saturday make-up day after the 2025 Spring Festival", () => {
    // Fri Jan 24 → Sun Jan 26 (1, 调休), Mon 27 (2), then Feb 5 (3), 6 (4), 7 (5), Sat 8 (6, 调休), Mon 10 (7)
    expect(addWorkingDays(cal, "2025-01-24", 2)).toBe("2025-01-27");
    expect(addWorkingDays(cal, "2025-01-24", 3)).toBe("2025-02-05");
    expect(addWorkingDays(cal, "2025-01-24", 6)).toBe("2025-02-08");
    expect(addWorkingDays(cal, "2025-01-24", 7)).toBe("2025-02-10");
  });

  it("goes backwards for 'N working days before' rules and n = 0 is the day itself", () => {
    // 5 working days before Mon 2024-02-19: Sun 18, Fri 9, Thu 8, Wed 7, Tue 6
    expect(addWorkingDays(cal, "2024-02-19", -5)).toBe("2024-02-06");
    expect(addWorkingDays(cal, "2024-02-12", 0)).toBe("2024-02-12");
  });

  it("National Day 2023 (Sep 29–Oct 6 off, Oct 7 and 8 worked)", () => {
    expect(addWorkingDays(cal, "2023-09-28", 1)).toBe("2023-10-07");
    expect(addWorkingDays(cal, "2023-09-28", 2)).toBe("2023-10-08");
    expect(addWorkingDays(cal, "2023-09-28", 3)).toBe("2023-10-09");
  });
});

describe("workingDaysBetween", () => {
  it("counts days after from up to and including to", () => {
    expect(workingDaysBetween(cal, "2024-02-09", "2024-02-22")).toBe(5);
    expect(workingDaysBetween(cal, "2024-02-22", "2024-02-09")).toBe(-5);
    expect(workingDaysBetween(cal, "2024-02-09", "2024-02-09")).toBe(0);
  });

  it("is the inverse of addWorkingDays across 2019–2026 (property)", () => {
    const start = Date.UTC(2019, 0, 1);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 8 - 60 }), fc.integer({ min: -40, max: 40 }), (offset, n) => {
        const d = new Date(start + offset * 86_400_000).toISOString().slice(0, 10);
        const e = addWorkingDays(cal, d, n);
        expect(workingDaysBetween(cal, d, e)).toBe(n);
        if (n !== 0) expect(isWorkingDay(cal, e)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("rejects impossible dates rather than rolling them over", () => {
    expect(() => addWorkingDays(cal, "2025-02-30", 1)).toThrow(RangeError);
  });
});
