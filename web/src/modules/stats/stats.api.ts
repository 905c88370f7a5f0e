import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { reportView, snapshotList, snapshotView } from "../../../../shared/src/contracts/stats.ts";
import { api } from "../../app/api-client.ts";

export type ReportView = z.infer<typeof reportView>;
export type SnapshotList = z.infer<typeof snapshotList>;
export type SnapshotView = z.infer<typeof snapshotView>;
export interface ReportParams {
  kind: "quarterly" | "annual";
  period: string;
  layout: "region" | "department";
}

/** Query keys of the stats module. */
export const statsKeys = {
  all: ["stats"] as const,
  report: (p: ReportParams) => [...statsKeys.all, "report", p] as const,
  snapshots: (period: string) => [...statsKeys.all, "snapshots", period] as const,
};

export function useReport(p: ReportParams) {
  return useQuery({ queryKey: statsKeys.report(p), queryFn: ({ signal }) => api.get<ReportView>("/api/reports", { ...p }, signal) });
}

export function useSnapshots(period: string) {
  return useQuery({ queryKey: statsKeys.snapshots(period), queryFn: ({ signal }) => api.get<SnapshotList>("/api/reports/snapshots", { period }, signal) });
}

export function useSubmitReport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: ReportParams & { reason?: string }) => api.post<SnapshotView>("/api/reports/snapshots", b),
    onSuccess: () => qc.invalidateQueries({ queryKey: statsKeys.all }),
  });
}
