import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import type { publicAuditAnchors } from "../../../../shared/src/contracts/audit.ts";
import type { publicItemList, publicItemView } from "../../../../shared/src/contracts/catalogue.ts";
import type { publicInstitution, publicInstitutionList } from "../../../../shared/src/contracts/institutions.ts";
import { api, type QueryValue } from "../../app/api-client.ts";

export type PublicInstitution = z.infer<typeof publicInstitution>;
export type PublicItem = z.infer<typeof publicItemView>;
type Q = Record<string, QueryValue>;

/** Query keys of the public portal (anonymous reads only). */
export const portalKeys = {
  all: ["portal"] as const,
  institutions: (q: Q) => [...portalKeys.all, "institutions", q] as const,
  institution: (id: string) => [...portalKeys.all, "institution", id] as const,
  catalogue: (q: Q) => [...portalKeys.all, "catalogue", q] as const,
  item: (id: string, q: Q) => [...portalKeys.all, "item", id, q] as const,
};

export function usePublicInstitutions(q: Q) {
  return useQuery({
    queryKey: portalKeys.institutions(q),
    queryFn: ({ signal }) => api.get<z.infer<typeof publicInstitutionList>>("/api/public/institutions", q, signal),
    placeholderData: keepPreviousData,
  });
}

export function usePublicInstitution(id: string) {
  return useQuery({ queryKey: portalKeys.institution(id), queryFn: ({ signal }) => api.get<PublicInstitution>(`/api/public/institutions/${id}`, undefined, signal) });
}

export function usePublicCatalogue(q: Q) {
  return useQuery({ queryKey: portalKeys.catalogue(q), queryFn: ({ signal }) => api.get<z.infer<typeof publicItemList>>("/api/public/catalogue", q, signal), placeholderData: keepPreviousData });
}

export function usePublicItem(id: string, q: Q) {
  return useQuery({ queryKey: portalKeys.item(id, q), queryFn: ({ signal }) => api.get<PublicItem>(`/api/public/catalogue/${id}`, q, signal) });
}

export type PublicAuditAnchors = z.infer<typeof publicAuditAnchors>;

/** The audit chain's signed heads (today's first), for anyone to keep a copy. */
export function usePublicAuditAnchors() {
  return useQuery({ queryKey: [...portalKeys.all, "audit-anchors"], queryFn: ({ signal }) => api.get<PublicAuditAnchors>("/api/public/audit/anchors", { afterId: 0, limit: 1 }, signal) });
}
