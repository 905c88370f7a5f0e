import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  expiringList,
  FacilityInput,
  InstitutionView,
  institutionList,
  ListInstitutionsQuery,
  QualificationInput,
  TeacherInput,
  UpdateInstitutionBody,
} from "../../../../shared/src/contracts/institutions.ts";
import { api } from "../../app/api-client.ts";

export type InstitutionList = z.infer<typeof institutionList>;
export type ExpiringList = z.infer<typeof expiringList>;
export type InstitutionListQuery = Partial<ListInstitutionsQuery>;
export type TransitionAction = "approve" | "return" | "resubmit" | "reinstate" | "renew" | "withdraw" | "reapply";

/** Query keys of the institutions module. */
export const institutionsKeys = {
  all: ["institutions"] as const,
  lists: () => [...institutionsKeys.all, "list"] as const,
  list: (q: InstitutionListQuery) => [...institutionsKeys.lists(), q] as const,
  expiring: (days: number) => [...institutionsKeys.all, "expiring", days] as const,
  detail: (id: string) => [...institutionsKeys.all, "detail", id] as const,
};

export function useInstitutionList(q: InstitutionListQuery, enabled = true) {
  return useQuery({
    queryKey: institutionsKeys.list(q),
    queryFn: ({ signal }) => api.get<InstitutionList>("/api/institutions", q, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useExpiring(days: number, enabled: boolean) {
  return useQuery({
    queryKey: institutionsKeys.expiring(days),
    queryFn: ({ signal }) => api.get<ExpiringList>("/api/institutions/expiring", { days }, signal),
    enabled,
  });
}

export function useInstitution(id: string) {
  return useQuery({ queryKey: institutionsKeys.detail(id), queryFn: ({ signal }) => api.get<InstitutionView>(`/api/institutions/${id}`, undefined, signal) });
}

export function useInvalidateInstitutions() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: institutionsKeys.all });
}

/** Every change to one institution: the answer (or a refetch) refreshes its page and the lists. */
export function useInstitutionMutations(id: string) {
  const invalidate = useInvalidateInstitutions();
  const base = `/api/institutions/${id}`;
  const opts = { onSuccess: invalidate };
  return {
    transition: useMutation({ mutationFn: (b: { action: TransitionAction; reason?: string }) => api.post<InstitutionView>(`${base}/transitions`, b), ...opts }),
    sanction: useMutation({ mutationFn: (b: { reason: string; level?: number }) => api.post<unknown>(`${base}/sanctions`, b), ...opts }),
    reviewQualifications: useMutation({
      mutationFn: (b: { decision: "approve" | "reject"; reason?: string }) => api.post<InstitutionView>(`${base}/qualification-changes`, b),
      ...opts,
    }),
    update: useMutation({ mutationFn: (b: UpdateInstitutionBody) => api.patch<InstitutionView>(base, b), ...opts }),
    addTeacher: useMutation({ mutationFn: (b: TeacherInput) => api.post<unknown>(`${base}/teachers`, b), ...opts }),
    removeTeacher: useMutation({ mutationFn: (childId: string) => api.delete<unknown>(`${base}/teachers/${childId}`), ...opts }),
    addFacility: useMutation({ mutationFn: (b: FacilityInput) => api.post<unknown>(`${base}/facilities`, b), ...opts }),
    removeFacility: useMutation({ mutationFn: (childId: string) => api.delete<unknown>(`${base}/facilities/${childId}`), ...opts }),
    addQualification: useMutation({ mutationFn: (b: QualificationInput) => api.post<unknown>(`${base}/qualifications`, b), ...opts }),
    removeQualification: useMutation({ mutationFn: (childId: string) => api.delete<unknown>(`${base}/qualifications/${childId}`), ...opts }),
  };
}

/** The audited full ID number of a teacher (needs institution.view_sensitive). */
export function revealTeacherId(id: string, childId: string) {
  return api.get<{ id: string; idNumber: string }>(`/api/institutions/${id}/teachers/${childId}/id-number`);
}
