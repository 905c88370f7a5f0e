import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  ChangeBody,
  ClassView,
  CreateClassBody,
  IssueCertificatesBody,
  ListClassesQuery,
  ResultsBody,
  TransitionBody,
  UpdateClassBody,
  certificateView,
  changeView,
  classList,
  traineeAccountView,
} from "../../../../shared/src/contracts/classes.ts";
import { api } from "../../app/api-client.ts";

export type ClassListQuery = Partial<ListClassesQuery>;
export type ClassList = z.infer<typeof classList>;
export type ChangeView = z.infer<typeof changeView>;
export type CertificateView = z.infer<typeof certificateView>;
export type TraineeAccount = z.infer<typeof traineeAccountView>;

/** Query keys of the classes module; everything about one class sits under `classesKeys.detail(id)`. */
export const classesKeys = {
  all: ["classes"] as const,
  lists: () => [...classesKeys.all, "list"] as const,
  list: (q: ClassListQuery) => [...classesKeys.lists(), q] as const,
  detail: (id: string) => [...classesKeys.all, "detail", id] as const,
  changes: (id: string) => [...classesKeys.detail(id), "changes"] as const,
  certificates: (id: string) => [...classesKeys.detail(id), "certificates"] as const,
};

export function useClassList(q: ClassListQuery) {
  return useQuery({ queryKey: classesKeys.list(q), queryFn: ({ signal }) => api.get<ClassList>("/api/classes", q, signal), placeholderData: keepPreviousData });
}

export function useClass(id: string | undefined) {
  return useQuery({ queryKey: classesKeys.detail(id ?? ""), queryFn: ({ signal }) => api.get<ClassView>(`/api/classes/${id}`, undefined, signal), enabled: !!id });
}

export function useClassChanges(id: string) {
  return useQuery({ queryKey: classesKeys.changes(id), queryFn: ({ signal }) => api.get<{ items: ChangeView[] }>(`/api/classes/${id}/changes`, undefined, signal) });
}

export function useCertificates(id: string, enabled = true) {
  return useQuery({ queryKey: classesKeys.certificates(id), queryFn: ({ signal }) => api.get<{ items: CertificateView[] }>(`/api/classes/${id}/certificates`, undefined, signal), enabled });
}

/** Every mutation refreshes the lists and the class it touched (with its changes and certificates). */
function useClassMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: classesKeys.all }) });
}

export const useCreateClass = () => useClassMutation((body: CreateClassBody) => api.post<ClassView>("/api/classes", body));
export const useUpdateClass = () => useClassMutation(({ id, body }: { id: string; body: UpdateClassBody }) => api.put<ClassView>(`/api/classes/${id}`, body));
export const useTransition = (id: string) => useClassMutation((body: TransitionBody) => api.post<ClassView>(`/api/classes/${id}/transitions`, body));
/** submit by id: the form learns the id only when its first save returns */
export const useSubmitClass = () => useClassMutation((id: string) => api.post<ClassView>(`/api/classes/${id}/transitions`, { action: "submit" }));
export const useFileChange = (id: string) =>
  useClassMutation((body: ChangeBody) => api.post<{ class: ClassView; change: ChangeView; account: TraineeAccount | null }>(`/api/classes/${id}/changes`, body));
export const useEnterResults = (id: string) => useClassMutation((body: ResultsBody) => api.put<ClassView>(`/api/classes/${id}/results`, body));
export const useIssueCertificates = (id: string) => useClassMutation((body: IssueCertificatesBody) => api.post<{ items: CertificateView[] }>(`/api/classes/${id}/certificates`, body));
export const useRevokeCertificate = () => useClassMutation(({ id, reason }: { id: string; reason: string }) => api.post<CertificateView>(`/api/certificates/${id}/revoke`, { reason }));
export const useTraineeAccounts = (id: string) => useClassMutation(() => api.post<{ items: TraineeAccount[] }>(`/api/classes/${id}/trainee-accounts`));
