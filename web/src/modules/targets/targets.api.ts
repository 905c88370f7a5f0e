import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { CascadeView, historyView, SetTargetBody, SkillStructureBody, SkillStructureView, TargetRow } from "../../../../shared/src/contracts/targets.ts";
import { api } from "../../app/api-client.ts";

export type HistoryView = z.infer<typeof historyView>;

/** Query keys of the targets module. */
export const targetsKeys = {
  all: ["targets"] as const,
  cascade: (q: { period: string; line: string; regionCode?: string }) => [...targetsKeys.all, "cascade", q] as const,
  history: (q: { period: string; line: string; regionCode: string; departmentCode?: string }) => [...targetsKeys.all, "history", q] as const,
  skills: (year: number) => [...targetsKeys.all, "skills", year] as const,
};

export function useCascade(q: { period: string; line: string; regionCode?: string }) {
  return useQuery({ queryKey: targetsKeys.cascade(q), queryFn: ({ signal }) => api.get<CascadeView>("/api/targets/cascade", q, signal) });
}

export function useHistory(q: { period: string; line: string; regionCode: string; departmentCode?: string } | null) {
  return useQuery({
    queryKey: targetsKeys.history(q ?? { period: "", line: "", regionCode: "" }),
    queryFn: ({ signal }) => api.get<HistoryView>("/api/targets/history", q ?? undefined, signal),
    enabled: !!q,
  });
}

export function useSetTarget() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (b: SetTargetBody) => api.put<TargetRow>("/api/targets", b), onSuccess: () => qc.invalidateQueries({ queryKey: targetsKeys.all }) });
}

export function useSkillStructure(year: number) {
  return useQuery({ queryKey: targetsKeys.skills(year), queryFn: ({ signal }) => api.get<SkillStructureView>("/api/targets/skill-structure", { year }, signal) });
}

export function useSetSkillStructure() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: SkillStructureBody) => api.put<SkillStructureView>("/api/targets/skill-structure", b),
    onSuccess: () => qc.invalidateQueries({ queryKey: targetsKeys.all }),
  });
}
