import { grantText } from "../users/grant-label.ts";
import { Col, Row, Space, Tag, Typography } from "antd";
import type { TodoItem, OwnClassRates } from "../../../../shared/src/contracts/home.ts";
import type { MeView } from "../../../../shared/src/contracts/users.ts";
import { BreakdownCard, ChildrenCard, MapCard, MissingNote, OwnClassesCard, ProgressCard, TodoCard, TrendCard } from "./DashboardSections.tsx";
import { isCityCode } from "./map-names.ts";
import type { StatsOverview, TargetsOverview } from "./overview.types.ts";
import { type ChildProgress, joinProgress } from "./progress.ts";

export interface DashboardData {
  me: MeView;
  /** YYYY-MM-DD in China */
  today: string;
  year: number;
  regionNames: ReadonlyMap<string, string>;
  /** department short names, for the grants' scope (人社部门经办人员 · 南关区, 行业部门 · 农业农村厅 …) */
  departmentNames?: ReadonlyMap<string, string>;
  todos: { items: TodoItem[] | undefined; loading: boolean };
  /** undefined while loading; null when the server has no such figures (yet) */
  overview: { show: boolean; targets: TargetsOverview | null | undefined; stats: StatsOverview | null | undefined };
  ownClasses: { show: boolean; items: OwnClassRates["items"] | undefined; loading: boolean };
}

/** Officers see their region's figures; staff of institutions (and only those) see their own classes. */
export function institutionOnly(me: MeView): boolean {
  return me.grants.length > 0 && me.grants.every((g) => g.scopeType === "institution");
}

const childLevelOf = (scope: string) => (scope === "220000" ? "市（州）" : isCityCode(scope) ? "县（市、区）" : null);

/** The home page of every console role, drawn from already-fetched data (tested without a server). */
export function DashboardView(d: DashboardData) {
  const { me, overview } = d;
  const loaded = overview.targets !== undefined && overview.stats !== undefined;
  const scope = overview.targets?.scopeRegionCode ?? overview.stats?.scopeRegionCode ?? me.user.regionCode;
  const scopeName = d.regionNames.get(scope) ?? me.user.regionName;
  const childLevel = childLevelOf(scope);
  const p = loaded ? joinProgress(overview.targets ?? null, overview.stats ?? null, d.year, d.today) : null;
  const hasFigures = !!(overview.targets || overview.stats);
  // a city's map colours the city itself by its own attainment
  const mapRows: ChildProgress[] | null = !p ? null : scope === "220000" ? p.children : isCityCode(scope) ? [{ regionCode: scope, regionName: scopeName, target: p.target, completed: p.completed, persons: p.persons, certificates: p.certificates, attainment: p.attainment }] : null;
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <div>
        <Typography.Title level={1} style={{ margin: 0 }}>
          您好，{me.user.displayName}
        </Typography.Title>
        <Space wrap size={[4, 4]} style={{ marginTop: 4 }}>
          {me.grants.map((g) => (
            <Tag key={`${g.role}-${g.scopeType}-${g.regionCode}-${g.departmentCode}-${g.institutionId}`} color="blue">
              {grantText(g, d.departmentNames)}
            </Tag>
          ))}
        </Space>
      </div>
      <TodoCard items={d.todos.items} loading={d.todos.loading} />
      {overview.show && loaded && <MissingNote targets={overview.targets === null} stats={overview.stats === null} />}
      {overview.show && p && hasFigures && (
        <>
          <ProgressCard p={p} scopeName={scopeName} asOf={overview.stats?.asOf ?? null} subsidies={overview.stats?.subsidies} notices={overview.stats?.notices} />
          {(mapRows || childLevel) && (
          <Row gutter={[16, 16]}>
            {mapRows && (
              <Col xs={24} xl={10}>
                <MapCard rows={mapRows} regionNames={d.regionNames} />
              </Col>
            )}
            {childLevel && (
              <Col xs={24} xl={mapRows ? 14 : 24}>
                <ChildrenCard rows={p.children} childLevel={childLevel} />
              </Col>
            )}
          </Row>
          )}
          {overview.stats && (
            <>
              <TrendCard year={d.year} byMonth={overview.stats.byMonth} />
              <Row gutter={[16, 16]}>
                <Col xs={24} lg={12}>
                  <BreakdownCard title="按人员类别" rows={overview.stats.byCategory} />
                </Col>
                <Col xs={24} lg={12}>
                  <BreakdownCard title="按行业" rows={overview.stats.byIndustry} />
                </Col>
              </Row>
            </>
          )}
        </>
      )}
      {d.ownClasses.show && <OwnClassesCard items={d.ownClasses.items} loading={d.ownClasses.loading} />}
    </Space>
  );
}
