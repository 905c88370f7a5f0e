import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  CreateItemBody,
  CreateStandardBody,
  ItemView,
  itemList,
  ListItemsQuery,
  occupationList,
  StandardView,
  standardAnswer,
  standardList,
  UpdateStandardBody,
  VersionInput,
} from "../../../../shared/src/contracts/catalogue.ts";
import { api, type QueryValue } from "../../app/api-client.ts";

export type ItemList = z.infer<typeof itemList>;
export type StandardList = z.infer<typeof standardList>;
export type OccupationList = z.infer<typeof occupationList>;
export type StandardAnswer = z.infer<typeof standardAnswer>;
type Q = Record<string, QueryValue>;

/** Query keys of the catalogue module (items, standards, occupations). */
export const catalogueKeys = {
  all: ["catalogue"] as const,
  items: (q: Partial<ListItemsQuery>) => [...catalogueKeys.all, "items", q] as const,
  item: (id: string) => [...catalogueKeys.all, "item", id] as const,
  standards: (q: Q) => [...catalogueKeys.all, "standards", q] as const,
  occupations: (q: Q) => [...catalogueKeys.all, "occupations", q] as const,
};

export function useItemList(q: Partial<ListItemsQuery>) {
  return useQuery({ queryKey: catalogueKeys.items(q), queryFn: ({ signal }) => api.get<ItemList>("/api/catalogue/items", q, signal), placeholderData: keepPreviousData });
}

export function useItem(id: string) {
  return useQuery({ queryKey: catalogueKeys.item(id), queryFn: ({ signal }) => api.get<ItemView>(`/api/catalogue/items/${id}`, undefined, signal) });
}

export function useStandardList(q: Q, enabled = true) {
  return useQuery({ queryKey: catalogueKeys.standards(q), queryFn: ({ signal }) => api.get<StandardList>("/api/standards", q, signal), placeholderData: keepPreviousData, enabled });
}

export function useOccupationList(q: Q) {
  return useQuery({ queryKey: catalogueKeys.occupations(q), queryFn: ({ signal }) => api.get<OccupationList>("/api/occupations", q, signal), placeholderData: keepPreviousData });
}

export function useInvalidateCatalogue() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: catalogueKeys.all });
}

export function useCatalogueMutations() {
  const onSuccess = useInvalidateCatalogue();
  return {
    createItem: useMutation({ mutationFn: (b: CreateItemBody) => api.post<ItemView>("/api/catalogue/items", b), onSuccess }),
    setStatus: useMutation({ mutationFn: ({ id, action }: { id: string; action: "publish" | "withdraw" }) => api.post<ItemView>(`/api/catalogue/items/${id}/${action}`), onSuccess }),
    addVersion: useMutation({ mutationFn: ({ id, body }: { id: string; body: VersionInput }) => api.post<ItemView>(`/api/catalogue/items/${id}/versions`, body), onSuccess }),
    createStandard: useMutation({ mutationFn: (b: CreateStandardBody) => api.post<StandardView>("/api/standards", b), onSuccess }),
    updateStandard: useMutation({ mutationFn: ({ id, body }: { id: string; body: UpdateStandardBody }) => api.patch<StandardView>(`/api/standards/${id}`, body), onSuccess }),
    deleteStandard: useMutation({ mutationFn: (id: string) => api.delete<unknown>(`/api/standards/${id}`), onSuccess }),
  };
}

export function lookupStandard(q: Q) {
  return api.get<StandardAnswer>("/api/standards/lookup", q);
}
