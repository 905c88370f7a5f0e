import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import type { auditList, auditQuery } from "../../../../shared/src/contracts/audit.ts";
import { api } from "../../app/api-client.ts";

export type AuditQuery = Partial<z.infer<typeof auditQuery>>;
export type AuditList = z.infer<typeof auditList>;
export type AuditEntry = AuditList["items"][number];

export const auditKeys = {
  all: ["audit"] as const,
  lists: () => [...auditKeys.all, "list"] as const,
  list: (q: AuditQuery) => [...auditKeys.lists(), q] as const,
};

export function useAuditList(q: AuditQuery) {
  return useQuery({
    queryKey: auditKeys.list(q),
    queryFn: ({ signal }) => api.get<AuditList>("/api/audit", q, signal),
    placeholderData: keepPreviousData,
  });
}
