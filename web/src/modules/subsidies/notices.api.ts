import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { noticePreviewView, objectionList, objectionView, ObjectionDecisionBody, officerNoticeList, PublishNoticeBody } from "../../../../shared/src/contracts/subsidies.ts";
import { api, type QueryValue } from "../../app/api-client.ts";
import { claimsKeys } from "./subsidies.api.ts";

export type NoticeList = z.infer<typeof officerNoticeList>;
export type NoticePreview = z.infer<typeof noticePreviewView>;
export type ObjectionList = z.infer<typeof objectionList>;
export type ObjectionItem = ObjectionList["items"][number];
type Q = Record<string, QueryValue>;

/** Query keys of 公示管理; publishing or deciding refreshes everything under `all` and the claims (their lines' holds). */
export const noticesKeys = {
  all: ["notices"] as const,
  list: (q: Q) => [...noticesKeys.all, "list", q] as const,
  preview: () => [...noticesKeys.all, "preview"] as const,
  objections: (q: Q) => [...noticesKeys.all, "objections", q] as const,
};

export const useNotices = (q: Q) =>
  useQuery({ queryKey: noticesKeys.list(q), queryFn: ({ signal }) => api.get<NoticeList>("/api/notices", q, signal), placeholderData: keepPreviousData });

/** what 发布公示 would publish now: fetched when the dialog opens, never stale */
export const useNoticePreview = (enabled: boolean) =>
  useQuery({ queryKey: noticesKeys.preview(), queryFn: ({ signal }) => api.get<NoticePreview>("/api/notices/preview", undefined, signal), enabled, staleTime: 0 });

export const useObjections = (q: Q) =>
  useQuery({ queryKey: noticesKeys.objections(q), queryFn: ({ signal }) => api.get<ObjectionList>("/api/notices/objections", q, signal), placeholderData: keepPreviousData });

function useNoticeMutation<V, T>(fn: (v: V) => Promise<T>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: noticesKeys.all }), qc.invalidateQueries({ queryKey: claimsKeys.all })]) });
}

export const usePublishNotice = () => useNoticeMutation((body: PublishNoticeBody) => api.post<{ id: string; code: string; startsOn: string; endsOn: string; lineCount: number }>("/api/notices", body));
export const useDecideObjection = () =>
  useNoticeMutation(({ id, body }: { id: string; body: ObjectionDecisionBody }) => api.post<z.infer<typeof objectionView>>(`/api/notices/objections/${id}/decision`, body));
