import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import type { z } from "zod";
import type { batchList, batchView, claimPaymentList, orderList, ordersAnswer, payeeAccountList, payeeAccountView, receivableList, receivableView } from "../../../../shared/src/contracts/payments.ts";
import { api, type QueryValue } from "../../app/api-client.ts";

export type ClaimPayments = z.infer<typeof claimPaymentList>;
export type Orders = z.infer<typeof orderList>;
export type Order = Orders["items"][number];
export type Batches = z.infer<typeof batchList>;
export type Batch = z.infer<typeof batchView>;
export type Receivables = z.infer<typeof receivableList>;
export type Accounts = z.infer<typeof payeeAccountList>;
type Q = Record<string, QueryValue>;

/** Query keys of the payments module; every mutation refreshes everything under `all`. */
export const paymentKeys = {
  all: ["payments"] as const,
  list: (what: string, q: Q) => [...paymentKeys.all, what, q] as const,
};

const listQuery = <T>(what: string, path: string, q: Q) => ({
  queryKey: paymentKeys.list(what, q),
  queryFn: ({ signal }: { signal: AbortSignal }) => api.get<T>(path, q, signal),
  placeholderData: keepPreviousData,
});

export const useClaimPayments = (q: Q) => useQuery(listQuery<ClaimPayments>("claims", "/api/payments/claims", q));
export const useOrders = (q: Q) => useQuery(listQuery<Orders>("orders", "/api/payments/orders", q));
export const useBatches = (q: Q) => useQuery(listQuery<Batches>("batches", "/api/payments/batches", q));
export const useReceivables = (q: Q) => useQuery(listQuery<Receivables>("receivables", "/api/payments/receivables", q));
export const useAccounts = (q: Q) => useQuery(listQuery<Accounts>("accounts", "/api/payee-accounts", q));
export const useBatch = (id: string | null) =>
  useQuery({ queryKey: paymentKeys.list("batch", { id }), queryFn: ({ signal }) => api.get<Batch>(`/api/payments/batches/${id}`, undefined, signal), enabled: !!id });

/**
 * A money-moving mutation with one Idempotency-Key per intent: retries and double clicks of the
 * same intent send the same key (the server replays), a success starts a new intent.
 */
function useOnce<V, T>(fn: (key: string, v: V) => Promise<T>) {
  const qc = useQueryClient();
  const key = useRef(crypto.randomUUID());
  return useMutation({
    mutationFn: (v: V) => fn(key.current, v),
    onSuccess: () => {
      key.current = crypto.randomUUID();
      return qc.invalidateQueries({ queryKey: paymentKeys.all });
    },
  });
}

type OrdersAnswer = z.infer<typeof ordersAnswer>;
export const useAdvance = () => useOnce((key, v: { claimId: string; amountFen: number }) => api.postOnce<OrdersAnswer>(`/api/payments/claims/${v.claimId}/advance`, key, { amountFen: v.amountFen }));
export const useSettle = () => useOnce((key, claimId: string) => api.postOnce<OrdersAnswer>(`/api/payments/claims/${claimId}/settlement`, key));
export const useCreateBatch = () => useOnce((key, orderIds: string[]) => api.postOnce<Batch>("/api/payments/batches", key, { orderIds }));
export const useImportResult = () => useOnce((key, v: { batchId: string; file: File }) => api.uploadOnce<Batch>(`/api/payments/batches/${v.batchId}/result`, key, v.file, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
export const useRecover = () =>
  useOnce((key, v: { id: string; amountFen: number; bankReference: string; valueDate: string }) =>
    api.postOnce<z.infer<typeof receivableView>>(`/api/payments/receivables/${v.id}/recoveries`, key, { amountFen: v.amountFen, bankReference: v.bankReference, valueDate: v.valueDate }),
  );
export function useSaveAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { payeeType: string; payeeId: string; accountName: string; bankName: string; accountNumber: string; reason?: string }) => api.post<z.infer<typeof payeeAccountView>>("/api/payee-accounts", body),
    onSuccess: () => qc.invalidateQueries({ queryKey: paymentKeys.all }),
  });
}
