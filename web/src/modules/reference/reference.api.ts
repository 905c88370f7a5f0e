import { useQuery } from "@tanstack/react-query";
import type { ReferenceView } from "../../../../shared/src/contracts/reference.ts";
import { api } from "../../app/api-client.ts";

export const referenceKeys = {
  all: ["reference"] as const,
};

/** Regions, departments, programs and code lists; they change rarely, so they are kept for the session. */
export function useReference() {
  return useQuery({
    queryKey: referenceKeys.all,
    queryFn: ({ signal }) => api.get<ReferenceView>("/api/reference", undefined, signal),
    staleTime: 60 * 60_000,
  });
}

export type Region = ReferenceView["regions"][number];
