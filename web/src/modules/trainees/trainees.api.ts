import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { ImportReport, PersonView, RegisterPersonBody, changeRequestPage, importJobPage, importJobView, listPersonsQuery, registerResult } from "../../../../shared/src/contracts/trainees.ts";
import { api, spreadsheetContentType } from "../../app/api-client.ts";

export type PersonListQuery = Partial<z.infer<typeof listPersonsQuery>>;
export type ImportJob = z.infer<typeof importJobView>;

/** Query keys of the trainees module (persons and roster imports). */
export const traineesKeys = {
  all: ["persons"] as const,
  lists: () => [...traineesKeys.all, "list"] as const,
  list: (q: PersonListQuery) => [...traineesKeys.lists(), q] as const,
  detail: (id: string) => [...traineesKeys.all, "detail", id] as const,
  job: (id: string) => ["trainee-imports", id] as const,
};

export function usePersonList(q: PersonListQuery) {
  return useQuery({ queryKey: traineesKeys.list(q), queryFn: ({ signal }) => api.get<{ items: PersonView[]; total: number; totalCapped: boolean }>("/api/persons", q, signal), placeholderData: keepPreviousData });
}

export function usePerson(id: string | null) {
  return useQuery({ queryKey: traineesKeys.detail(id ?? ""), queryFn: ({ signal }) => api.get<PersonView>(`/api/persons/${id}`, undefined, signal), enabled: !!id });
}

/** The full ID number: an audited read, fetched only when the user asks for it. */
/** A forgotten trainee password: a one-time code, shown once to the officer or school staff. */
export function useResetTraineePassword() {
  return useMutation({ mutationFn: (id: string) => api.post<{ username: string; oneTimeCode: string }>(`/api/persons/${id}/trainee-account/reset-password`) });
}

export function useRevealIdNumber() {
  return useMutation({ mutationFn: (id: string) => api.get<{ idNumber: string }>(`/api/persons/${id}/id-number`) });
}

export function useRegisterPerson() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RegisterPersonBody) => api.post<z.infer<typeof registerResult>>("/api/persons", body),
    onSuccess: () => qc.invalidateQueries({ queryKey: traineesKeys.all }),
  });
}

/** A roster upload: a report at once (small files) or a background job id to poll. */
export function uploadRoster(file: File, mode: "dry-run" | "commit"): Promise<ImportReport | { jobId: string }> {
  return api.upload<ImportReport | { jobId: string }>("/api/trainee-imports", file, spreadsheetContentType(file), { mode, filename: file.name });
}

/** Polls a background import every second until it has finished. */
export function useImportJob(id: string | null) {
  return useQuery({
    queryKey: traineesKeys.job(id ?? ""),
    queryFn: ({ signal }) => api.get<ImportJob>(`/api/trainee-imports/${id}`, undefined, signal),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data && (q.state.data.status === "succeeded" || q.state.data.status === "failed") ? false : 1000),
  });
}

export type ChangeRequestPage = z.infer<typeof changeRequestPage>;
export type ChangeRequest = ChangeRequestPage["items"][number];
export type ImportJobPage = z.infer<typeof importJobPage>;

/** 人员信息变更申请 in the caller's scope (the home to-do links here with awaiting=true). */
export function useChangeRequests(q: { status?: ChangeRequest["status"] | undefined; awaiting?: "true" | undefined; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ["person-change-requests", q] as const,
    queryFn: ({ signal }) => api.get<ChangeRequestPage>("/api/person-change-requests", q, signal),
    placeholderData: keepPreviousData,
  });
}

export function useDecideChangeRequest() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: { decision: "confirm" | "reject"; note?: string } }) => api.post<ChangeRequest>(`/api/person-change-requests/${id}/decision`, body),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: ["person-change-requests"] }), qc.invalidateQueries({ queryKey: traineesKeys.all }), qc.invalidateQueries({ queryKey: ["home"] })]),
  });
}

/** The caller's own background roster imports, newest first (running ones refresh every 2 s). */
export function useImportJobs(q: { status?: ImportJob["status"] | undefined; problems?: "true" | undefined; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ["trainee-imports", "list", q] as const,
    queryFn: ({ signal }) => api.get<ImportJobPage>("/api/trainee-imports", q, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.items.some((j) => j.status === "queued" || j.status === "running") ? 2000 : false),
  });
}
