import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { ClaimView, claimList, GenerateClaimBody, HoldBody, InsuredMonthsBody, ReviewBody, SignCommitmentBody } from "../../../../shared/src/contracts/subsidies.ts";
import { api, type QueryValue } from "../../app/api-client.ts";

export type ClaimList = z.infer<typeof claimList>;
export type ClaimLine = ClaimView["lines"][number];
type Q = Record<string, QueryValue>;

/** Query keys of the subsidies module; everything about one claim sits under `claimsKeys.detail(id)`. */
export const claimsKeys = {
  all: ["claims"] as const,
  list: (q: Q) => [...claimsKeys.all, "list", q] as const,
  detail: (id: string) => [...claimsKeys.all, "detail", id] as const,
};

export function useClaims(q: Q) {
  return useQuery({ queryKey: claimsKeys.list(q), queryFn: ({ signal }) => api.get<ClaimList>("/api/claims", q, signal), placeholderData: keepPreviousData });
}

export function useClaim(id: string | undefined) {
  return useQuery({ queryKey: claimsKeys.detail(id ?? ""), queryFn: ({ signal }) => api.get<ClaimView>(`/api/claims/${id}`, undefined, signal), enabled: !!id });
}

function useClaimMutation<V>(fn: (v: V) => Promise<ClaimView>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: claimsKeys.all }) });
}

export const useGenerateClaim = () => useClaimMutation(({ classId, body }: { classId: string; body: GenerateClaimBody }) => api.post<ClaimView>(`/api/classes/${classId}/claims`, body));
export const useSignCommitment = (id: string) => useClaimMutation((body: SignCommitmentBody) => api.post<ClaimView>(`/api/claims/${id}/commitment`, body));
export const useSubmitClaim = (id: string) => useClaimMutation(() => api.post<ClaimView>(`/api/claims/${id}/submit`));
export const useReviewClaim = (id: string) => useClaimMutation((body: ReviewBody) => api.post<ClaimView>(`/api/claims/${id}/reviews`, body));
export const useLineHold = (id: string) =>
  useClaimMutation(({ lineId, action, body }: { lineId: string; action: "hold" | "release"; body: HoldBody }) => api.post<ClaimView>(`/api/claims/${id}/lines/${lineId}/${action}`, body));
export const useInsuredMonths = (id: string) => useClaimMutation((body: InsuredMonthsBody) => api.post<ClaimView>(`/api/claims/${id}/insured-months`, body));
