import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { ClassAttendanceSummary, CorrectionBody, DecisionBody, correctionList, correctionPage, correctionView, sessionCodeView } from "../../../../shared/src/contracts/attendance.ts";
import type { ClassView, classList } from "../../../../shared/src/contracts/classes.ts";
import { api } from "../../app/api-client.ts";

export type SessionCode = z.infer<typeof sessionCodeView>;
export type Correction = z.infer<typeof correctionView>;
export type CorrectionList = z.infer<typeof correctionList>;
export type ClassList = z.infer<typeof classList>;

/** Query keys of the attendance screens; everything of one class sits under `classKey(id)`. */
export const attendanceKeys = {
  all: ["attendance"] as const,
  code: (sessionId: string) => [...attendanceKeys.all, "code", sessionId] as const,
  classKey: (classId: string) => [...attendanceKeys.all, "class", classId] as const,
  summary: (classId: string) => [...attendanceKeys.classKey(classId), "summary"] as const,
  corrections: (classId: string) => [...attendanceKeys.classKey(classId), "corrections"] as const,
  classDetail: (classId: string) => [...attendanceKeys.classKey(classId), "detail"] as const,
  classList: (q: { page: number; q?: string }) => [...attendanceKeys.all, "classes", q] as const,
};

/** The rotating code; the screen refetches it just after `validUntil` (see nextCodeFetchMs). */
export function useSessionCode(sessionId: string) {
  return useQuery({
    queryKey: attendanceKeys.code(sessionId),
    queryFn: ({ signal }) => api.get<SessionCode>(`/api/attendance/sessions/${sessionId}/code`, undefined, signal),
    staleTime: 0,
    gcTime: 0,
  });
}

export function useClassSummary(classId: string, pollMs?: number) {
  return useQuery({
    queryKey: attendanceKeys.summary(classId),
    queryFn: ({ signal }) => api.get<ClassAttendanceSummary>(`/api/attendance/classes/${classId}/summary`, undefined, signal),
    refetchInterval: pollMs,
    staleTime: pollMs ? 0 : 30_000,
  });
}

/** The class itself (sessions with place and teacher) — the classes module's API. */
export function useClassDetail(classId: string | undefined) {
  return useQuery({
    queryKey: attendanceKeys.classDetail(classId ?? ""),
    queryFn: ({ signal }) => api.get<ClassView>(`/api/classes/${classId}`, undefined, signal),
    enabled: !!classId,
  });
}

export function useClassList(q: { page: number; q?: string }) {
  return useQuery({
    queryKey: attendanceKeys.classList(q),
    queryFn: ({ signal }) => api.get<ClassList>("/api/classes", { page: q.page, pageSize: 20, q: q.q }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCorrections(classId: string) {
  return useQuery({
    queryKey: attendanceKeys.corrections(classId),
    queryFn: ({ signal }) => api.get<CorrectionList>(`/api/attendance/classes/${classId}/corrections`, undefined, signal),
  });
}

function useInvalidateClass(classId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: attendanceKeys.classKey(classId) });
}

export function useFileCorrection(classId: string) {
  const invalidate = useInvalidateClass(classId);
  return useMutation({ mutationFn: (body: CorrectionBody) => api.post<Correction>("/api/attendance/corrections", body), onSuccess: invalidate });
}

export function useDecideCorrection(classId: string) {
  const invalidate = useInvalidateClass(classId);
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: DecisionBody }) => api.post<Correction>(`/api/attendance/corrections/${id}/decision`, body),
    onSuccess: invalidate,
  });
}

export type CorrectionPage = z.infer<typeof correctionPage>;
export type CorrectionListItem = CorrectionPage["items"][number];
export type CorrectionsFilter = { status?: "pending" | "approved" | "rejected" | undefined; awaiting?: "true" | undefined; page: number; pageSize: number };

/** 考勤补正 across the caller's classes (the home to-do links here with awaiting=true). */
export function useCorrectionPage(q: CorrectionsFilter) {
  return useQuery({
    queryKey: [...attendanceKeys.all, "corrections", q] as const,
    queryFn: ({ signal }) => api.get<CorrectionPage>("/api/attendance/corrections", q, signal),
    placeholderData: keepPreviousData,
  });
}

/** Decides from the cross-class list: every attendance query may change (class summaries, lists, the home to-do). */
export function useDecideListedCorrection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: DecisionBody }) => api.post<Correction>(`/api/attendance/corrections/${id}/decision`, body),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: attendanceKeys.all }), queryClient.invalidateQueries({ queryKey: ["home"] })]),
  });
}
