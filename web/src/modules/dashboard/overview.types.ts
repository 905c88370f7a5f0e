/**
 * The answers of GET /api/targets/overview and GET /api/stats/overview as agreed with the targets
 * and statistics work (issue 9); declared here because the home page is built beside them. When
 * their shared contracts land, these types should be replaced by `z.infer` of those.
 */
export interface TargetsOverview {
  year: number;
  scopeRegionCode: string;
  total: { target: number | null };
  children: { regionCode: string; regionName: string; target: number | null }[];
  programs: { programCode: string; programName: string; target: number | null }[];
}

export interface StatsOverview {
  year: number;
  asOf: string;
  scopeRegionCode: string;
  totals: {
    classesOpened: number;
    classesStarted: number;
    classesCompleted: number;
    personTimesStarted: number;
    personTimesCompleted: number;
    persons: number;
    certificates: number;
  };
  children: { regionCode: string; regionName: string; personTimesCompleted: number; persons: number; certificates: number }[];
  byMonth: { month: string; personTimesCompleted: number; certificates: number }[];
  byCategory: { code: string; name: string; personTimesCompleted: number }[];
  byIndustry: { code: string; name: string; personTimesCompleted: number }[];
}
