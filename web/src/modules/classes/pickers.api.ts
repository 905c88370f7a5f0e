import { useQuery } from "@tanstack/react-query";
import type { ItemView } from "../../../../shared/src/contracts/catalogue.ts";
import type { institutionSummary, InstitutionView } from "../../../../shared/src/contracts/institutions.ts";
import type { PersonView } from "../../../../shared/src/contracts/trainees.ts";
import type { z } from "zod";
import { api } from "../../app/api-client.ts";

type Paged<T> = { items: T[]; total: number };
type InstitutionSummary = z.infer<typeof institutionSummary>;

/** What the class form picks from: published catalogue items, the institution's teachers, its persons, evaluators. */
export const pickerKeys = {
  items: () => ["classes", "pickers", "items"] as const,
  institution: (id: string) => ["classes", "pickers", "institution", id] as const,
  persons: () => ["classes", "pickers", "persons"] as const,
  evaluators: () => ["classes", "pickers", "evaluators"] as const,
};

export function usePublishedItems() {
  return useQuery({ queryKey: pickerKeys.items(), queryFn: ({ signal }) => api.get<Paged<ItemView>>("/api/catalogue/items", { status: "published", pageSize: 200 }, signal), staleTime: 60_000 });
}

export function useInstitution(id: string | undefined) {
  return useQuery({ queryKey: pickerKeys.institution(id ?? ""), queryFn: ({ signal }) => api.get<InstitutionView>(`/api/institutions/${id}`, undefined, signal), enabled: !!id });
}

export function useRosterCandidates() {
  return useQuery({ queryKey: pickerKeys.persons(), queryFn: ({ signal }) => api.get<Paged<PersonView>>("/api/persons", { pageSize: 200 }, signal) });
}

export function useEvaluators(enabled: boolean) {
  return useQuery({
    queryKey: pickerKeys.evaluators(),
    queryFn: ({ signal }) => api.get<Paged<InstitutionSummary>>("/api/institutions", { status: "approved", pageSize: 200 }, signal),
    select: (d) => d.items.filter((i) => i.role !== "training"),
    enabled,
  });
}
