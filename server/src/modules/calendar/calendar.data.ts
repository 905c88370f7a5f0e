/**
 * Public holidays and make-up working days (调休上班) of the State Council's yearly notices
 * (国务院办公厅关于部分节假日安排的通知), 2019–2026, as data. Dates are inclusive ranges.
 *
 * Sources, one notice per year:
 *   2019 国办发明电〔2018〕15号, May Day changed by 国办发明电〔2019〕2号 (May 1–4 off, Apr 28 and May 5 worked)
 *   2020 国办发明电〔2019〕16号, Spring Festival extended to Feb 2 by 国办发明电〔2020〕1号
 *        (COVID-19; the Feb 1 make-up working day was therefore cancelled; later provincial
 *        extensions are not national and are not included)
 *   2021 国办发明电〔2020〕27号   2022 国办发明电〔2021〕11号   2023 国办发明电〔2022〕16号
 *   2024 国办发明电〔2023〕7号    2025 国办发明电〔2024〕12号   2026 国办发明电〔2025〕7号 (published Nov 2025)
 * 2025 and 2026 were checked day by day against the published notice texts (新华社, 2024-11-12 and
 * 2025-11-04). 2019–2024 were transcribed from memory of the notices and cross-checked against the
 * weekday arithmetic (each make-up day is a Saturday/Sunday, each range matches the statutory days);
 * the province administrator should confirm each year against the notice and can correct any
 * day through the API. Days of these notices that fall in 2018 (Dec 29–31) are outside the range.
 */
export interface HolidayArrangement {
  name: string;
  off: [from: string, to: string];
  work?: string[];
}

export const holidayArrangements: Record<number, HolidayArrangement[]> = {
  2019: [
    { name: "元旦", off: ["2019-01-01", "2019-01-01"] },
    { name: "春节", off: ["2019-02-04", "2019-02-10"], work: ["2019-02-02", "2019-02-03"] },
    { name: "清明节", off: ["2019-04-05", "2019-04-07"] },
    { name: "劳动节", off: ["2019-05-01", "2019-05-04"], work: ["2019-04-28", "2019-05-05"] },
    { name: "端午节", off: ["2019-06-07", "2019-06-09"] },
    { name: "中秋节", off: ["2019-09-13", "2019-09-15"] },
    { name: "国庆节", off: ["2019-10-01", "2019-10-07"], work: ["2019-09-29", "2019-10-12"] },
  ],
  2020: [
    { name: "元旦", off: ["2020-01-01", "2020-01-01"] },
    { name: "春节", off: ["2020-01-24", "2020-02-02"], work: ["2020-01-19"] },
    { name: "清明节", off: ["2020-04-04", "2020-04-06"] },
    { name: "劳动节", off: ["2020-05-01", "2020-05-05"], work: ["2020-04-26", "2020-05-09"] },
    { name: "端午节", off: ["2020-06-25", "2020-06-27"], work: ["2020-06-28"] },
    { name: "国庆节、中秋节", off: ["2020-10-01", "2020-10-08"], work: ["2020-09-27", "2020-10-10"] },
  ],
  2021: [
    { name: "元旦", off: ["2021-01-01", "2021-01-03"] },
    { name: "春节", off: ["2021-02-11", "2021-02-17"], work: ["2021-02-07", "2021-02-20"] },
    { name: "清明节", off: ["2021-04-03", "2021-04-05"] },
    { name: "劳动节", off: ["2021-05-01", "2021-05-05"], work: ["2021-04-25", "2021-05-08"] },
    { name: "端午节", off: ["2021-06-12", "2021-06-14"] },
    { name: "中秋节", off: ["2021-09-19", "2021-09-21"], work: ["2021-09-18"] },
    { name: "国庆节", off: ["2021-10-01", "2021-10-07"], work: ["2021-09-26", "2021-10-09"] },
  ],
  2022: [
    { name: "元旦", off: ["2022-01-01", "2022-01-03"] },
    { name: "春节", off: ["2022-01-31", "2022-02-06"], work: ["2022-01-29", "2022-01-30"] },
    { name: "清明节", off: ["2022-04-03", "2022-04-05"], work: ["2022-04-02"] },
    { name: "劳动节", off: ["2022-04-30", "2022-05-04"], work: ["2022-04-24", "2022-05-07"] },
    { name: "端午节", off: ["2022-06-03", "2022-06-05"] },
    { name: "中秋节", off: ["2022-09-10", "2022-09-12"] },
    { name: "国庆节", off: ["2022-10-01", "2022-10-07"], work: ["2022-10-08", "2022-10-09"] },
  ],
  2023: [
    // 2022-12-31 to 2023-01-02; Dec 31 belongs to 2022 and is a Saturday anyway
    { name: "元旦", off: ["2023-01-01", "2023-01-02"] },
    { name: "春节", off: ["2023-01-21", "2023-01-27"], work: ["2023-01-28", "2023-01-29"] },
    { name: "清明节", off: ["2023-04-05", "2023-04-05"] },
    { name: "劳动节", off: ["2023-04-29", "2023-05-03"], work: ["2023-04-23", "2023-05-06"] },
    { name: "端午节", off: ["2023-06-22", "2023-06-24"], work: ["2023-06-25"] },
    { name: "中秋节、国庆节", off: ["2023-09-29", "2023-10-06"], work: ["2023-10-07", "2023-10-08"] },
  ],
  2024: [
    // 2023-12-30 to 2024-01-01; the 2023 days are a weekend
    { name: "元旦", off: ["2024-01-01", "2024-01-01"] },
    { name: "春节", off: ["2024-02-10", "2024-02-17"], work: ["2024-02-04", "2024-02-18"] },
    { name: "清明节", off: ["2024-04-04", "2024-04-06"], work: ["2024-04-07"] },
    { name: "劳动节", off: ["2024-05-01", "2024-05-05"], work: ["2024-04-28", "2024-05-11"] },
    { name: "端午节", off: ["2024-06-08", "2024-06-10"] },
    { name: "中秋节", off: ["2024-09-15", "2024-09-17"], work: ["2024-09-14"] },
    { name: "国庆节", off: ["2024-10-01", "2024-10-07"], work: ["2024-09-29", "2024-10-12"] },
  ],
  2025: [
    { name: "元旦", off: ["2025-01-01", "2025-01-01"] },
    { name: "春节", off: ["2025-01-28", "2025-02-04"], work: ["2025-01-26", "2025-02-08"] },
    { name: "清明节", off: ["2025-04-04", "2025-04-06"] },
    { name: "劳动节", off: ["2025-05-01", "2025-05-05"], work: ["2025-04-27"] },
    { name: "端午节", off: ["2025-05-31", "2025-06-02"] },
    { name: "国庆节、中秋节", off: ["2025-10-01", "2025-10-08"], work: ["2025-09-28", "2025-10-11"] },
  ],
  2026: [
    { name: "元旦", off: ["2026-01-01", "2026-01-03"], work: ["2026-01-04"] },
    { name: "春节", off: ["2026-02-15", "2026-02-23"], work: ["2026-02-14", "2026-02-28"] },
    { name: "清明节", off: ["2026-04-04", "2026-04-06"] },
    { name: "劳动节", off: ["2026-05-01", "2026-05-05"], work: ["2026-05-09"] },
    { name: "端午节", off: ["2026-06-19", "2026-06-21"] },
    { name: "中秋节", off: ["2026-09-25", "2026-09-27"] },
    { name: "国庆节", off: ["2026-10-01", "2026-10-07"], work: ["2026-09-20", "2026-10-10"] },
  ],
};

/** Expands the arrangements into one row per day. */
export function arrangementDays(): { date: string; kind: "holiday" | "workday"; name: string }[] {
  const out: { date: string; kind: "holiday" | "workday"; name: string }[] = [];
  for (const list of Object.values(holidayArrangements)) {
    for (const a of list) {
      for (let d = a.off[0]; d <= a.off[1]; d = nextDay(d)) out.push({ date: d, kind: "holiday", name: a.name });
      for (const w of a.work ?? []) out.push({ date: w, kind: "workday", name: `${a.name}调休上班` });
    }
  }
  return out;
}

function nextDay(d: string): string {
  const t = Date.parse(`${d}T00:00:00Z`) + 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
