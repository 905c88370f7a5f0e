import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { noticeList, noticeView, ObjectionBody } from "../../../../shared/src/contracts/subsidies.ts";
import { api, type QueryValue } from "../../app/api-client.ts";
import { portalKeys } from "./portal.api.ts";

export type PublicNotice = z.infer<typeof noticeView>;
type Q = Record<string, QueryValue>;

const noticeKeys = {
  list: (q: Q) => [...portalKeys.all, "notices", q] as const,
  one: (id: string) => [...portalKeys.all, "notice", id] as const,
};

/** Subsidy notices, running and archived (anonymous). */
export function usePublicNotices(q: Q) {
  return useQuery({ queryKey: noticeKeys.list(q), queryFn: ({ signal }) => api.get<z.infer<typeof noticeList>>("/api/public/notices", q, signal), placeholderData: keepPreviousData });
}

export function usePublicNotice(id: string | null) {
  return useQuery({ queryKey: noticeKeys.one(id ?? ""), enabled: id !== null, queryFn: ({ signal }) => api.get<PublicNotice>(`/api/public/notices/${id}`, undefined, signal) });
}

export function useObjection(noticeId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ObjectionBody) => api.post<{ id: string }>(`/api/public/notices/${noticeId}/objections`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: noticeKeys.one(noticeId) }),
  });
}
