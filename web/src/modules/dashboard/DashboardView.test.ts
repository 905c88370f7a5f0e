/**
 * The home page drawn from mocked answers of /api/home/todos, /api/targets/overview and
 * /api/stats/overview (server-side rendering: no browser, no server). Charts load lazily, so here
 * they are their labelled placeholders — the map's label carries each city's attainment.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import type { MeView } from "../../../../shared/src/contracts/users.ts";
import { orNullWhenAbsent } from "./dashboard.api.ts";
import { type DashboardData, DashboardView } from "./DashboardView.tsx";
import type { StatsOverview, TargetsOverview } from "./overview.types.ts";
import { ApiError } from "../../app/api-client.ts";

const grant = (scopeType: "province" | "region" | "institution", regionCode: string | null, institutionId: string | null = null) => ({
  role: scopeType === "institution" ? ("institution_staff" as const) : ("hrss_officer" as const),
  roleLabel: scopeType === "institution" ? "培训机构人员" : "人社部门经办人员",
  scopeType,
  regionCode,
  regionName: null,
  departmentCode: null,
  institutionId,
  institutionName: null,
});

const me = (regionCode: string, regionName: string, grants: ReturnType<typeof grant>[]): MeView =>
  ({ user: { id: "u", username: "u", displayName: "张科长", regionCode, regionName, mustChangePassword: false }, grants, permissions: [], sessionIdleMinutes: 30 }) as unknown as MeView;

const regionNames = new Map([
  ["220000", "吉林省"],
  ["220100", "长春市"],
  ["220200", "吉林市"],
  ["222400", "延边朝鲜族自治州"],
  ["220102", "南关区"],
]);

const targets: TargetsOverview = {
  year: 2026,
  scopeRegionCode: "220000",
  total: { target: 700_000 },
  children: [
    { regionCode: "220100", regionName: "长春市", target: 200_000 },
    { regionCode: "220200", regionName: "吉林市", target: 100_000 },
    { regionCode: "222400", regionName: "延边朝鲜族自治州", target: null },
  ],
  programs: [],
};

const stats: StatsOverview = {
  year: 2026,
  asOf: "2026-07-02T08:00:00+08:00",
  scopeRegionCode: "220000",
  totals: { classesOpened: 900, classesStarted: 850, classesCompleted: 700, personTimesStarted: 400_000, personTimesCompleted: 350_000, persons: 310_000, certificates: 290_000 },
  subsidies: {
    personTimes: 200_000,
    amountFen: 24_000_000_000,
    byType: [
      { type: "training", name: "培训补贴", personTimes: 150_000, amountFen: 18_000_000_000 },
      { type: "evaluation", name: "鉴定评价补贴", personTimes: 30_000, amountFen: 1_500_000_000 },
      { type: "living_allowance", name: "生活费补贴", personTimes: 15_000, amountFen: 1_500_000_000 },
      { type: "skill_upgrading", name: "技能提升补贴", personTimes: 5_000, amountFen: 3_000_000_000 },
    ],
  },
  notices: { published: 42, lines: 180_000, objections: 7, upheld: 2 },
  children: [
    { regionCode: "220100", regionName: "长春市", personTimesCompleted: 180_000, persons: 150_000, certificates: 140_000 },
    { regionCode: "220200", regionName: "吉林市", personTimesCompleted: 40_000, persons: 39_000, certificates: 30_000 },
  ],
  byMonth: [{ month: "2026-01", personTimesCompleted: 50_000, certificates: 40_000 }],
  byCategory: [{ code: "rural_migrant", name: "农民工", personTimesCompleted: 120_000 }],
  byIndustry: [{ code: "manufacturing", name: "制造业", personTimesCompleted: 90_000 }],
};

function render(d: Partial<DashboardData> & Pick<DashboardData, "me">): string {
  const data: DashboardData = {
    today: "2026-07-02",
    year: 2026,
    regionNames,
    todos: { items: [], loading: false },
    overview: { show: true, targets: null, stats: null },
    ownClasses: { show: false, items: undefined, loading: false },
    ...d,
  };
  return renderToStaticMarkup(createElement(MemoryRouter, null, createElement(DashboardView, data)));
}

describe("the home page", () => {
  it("shows a province officer's to-dos as links to the filtered lists, with the overdue ones apart", () => {
    const html = render({
      me: me("220000", "吉林省", [grant("province", "220000")]),
      todos: {
        loading: false,
        items: [
          { key: "classes_to_review", label: "待审核开班", count: 3, href: "/classes?status=submitted" },
          { key: "claims_to_review", label: "待审核补贴申领", count: 5, overdue: 2, href: "/claims?awaiting=true", overdueHref: "/claims?overdue=true" },
          { key: "objections_to_decide", label: "待处理公示异议", count: 1, href: "/notices/objections?status=open" },
          { key: "corrections_to_decide", label: "待审核考勤补正", count: 1, href: null },
        ],
      },
    });
    expect(html).toContain('href="/classes?status=submitted"');
    expect(html).toContain('aria-label="待审核开班 3 项"');
    expect(html).toContain('href="/claims?overdue=true"');
    expect(html).toContain("其中 2 项已超期");
    expect(html).toContain('href="/notices/objections?status=open"');
    // a to-do without a console list: the count is shown, not linked
    expect(html).toContain("待审核考勤补正");
    expect(html).not.toContain('aria-label="待审核考勤补正');
  });

  it("joins target and statistics: attainment, the pace due by today, the forecast, each city, and the map's colours", () => {
    const html = render({ me: me("220000", "吉林省", [grant("province", "220000")]), overview: { show: true, targets, stats } });
    expect(html).toContain("吉林省 2026 年培训目标进度");
    expect(html).toContain("350,000");
    expect(html).toContain("目标完成率 50.0%");
    expect(html).toContain("应完成 <b>350,959</b> 人次");
    expect(html).toContain("符合进度");
    // subsidies paid in the year, in yuan (the overview gives fen)
    expect(html).toContain("补贴已支付（人次）");
    expect(html).toContain("200,000");
    expect(html).toContain("240,000,000.00");
    // the amount by type, each with its person-times, and the year's notices and objections
    expect(html).toContain('aria-label="培训补贴 180,000,000.00 元，150,000 人次"');
    expect(html).toContain("¥30,000,000.00 · 5,000 人次");
    expect(html).toContain("公示 <b>42</b> 批（180,000 条明细）· 异议 <b>7</b> 件，成立 <b>2</b> 件");
    expect(html).toContain("预计全年 <b>698,087</b> 人次（99.7%）");
    expect(html).toContain("各市（州）完成情况");
    expect(html).toContain("吉林省地图，各市（州）目标完成率：长春市 90%，吉林市 40%，延边朝鲜族自治州 未下达目标");
    expect(html).toContain("月度趋势");
    expect(html).toContain("按人员类别");
    expect(html).toContain("按行业");
  });

  it("says which figures are not available yet when the targets or statistics endpoint answers 404", async () => {
    expect(await orNullWhenAbsent(Promise.reject(new ApiError(404, "request.not_found", "不存在")))).toBeNull();
    await expect(orNullWhenAbsent(Promise.reject(new ApiError(500, "internal", "x")))).rejects.toThrow();
    const html = render({ me: me("220100", "长春市", [grant("region", "220100")]), overview: { show: true, targets: null, stats: { ...stats, scopeRegionCode: "220100", children: [] } } });
    expect(html).toContain("年度目标暂未提供");
    expect(html).toContain("长春市 2026 年培训目标进度");
    expect(html).toContain("未下达目标");
    expect(html).toContain("各县（市、区）完成情况");
    const none = render({ me: me("220102", "南关区", [grant("region", "220102")]), overview: { show: true, targets: null, stats: null } });
    expect(none).toContain("年度目标和培训统计暂未提供");
    expect(none).not.toContain("培训目标进度");
  });

  it("gives institution staff their classes' completion, pass and certification figures instead of regional ones, 合格率 meaning passed", () => {
    const html = render({
      me: me("220102", "南关区", [grant("institution", null, "i1")]),
      overview: { show: false, targets: undefined, stats: undefined },
      ownClasses: {
        show: true,
        loading: false,
        items: [{ id: "c1", code: "KB-1", title: "车工（四级）就业技能培训班", status: "assessed", institutionName: "长春技师学院", endDate: "2026-03-20", enrolled: 40, completed: 38, passed: 36, certified: 30 }],
      },
    });
    expect(html).toContain("本机构培训班结业与取证情况");
    // 38 of 40 completed (two missed the assessment), 36 passed: the passed share is 合格率, not 结业率
    expect(html).toContain("38 人");
    expect(html).toContain("合格率");
    expect(html).toContain("90.0%（36 人）");
    expect(html).toContain("75.0%（30 人）");
    expect(html).not.toContain(">结业率<");
    expect(html).not.toContain("培训目标进度");
  });
});
