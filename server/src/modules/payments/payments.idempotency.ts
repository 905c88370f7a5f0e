/**
 * Idempotency-Key for every money-moving request. The key row is inserted first, inside the same
 * database transaction as the work and with the answer stored before commit, so:
 * - the same key again (after commit) finds the row and replays the stored answer;
 * - the same key with another operation or other content is refused (payment.idempotency_conflict);
 * - two concurrent requests with one key: the second's insert waits on the unique key until the
 *   first commits, then finds the row and replays (or, if the first failed and rolled back, does
 *   the work itself). Nothing runs twice.
 */
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { idempotencyHeader } from "../../../../shared/src/contracts/payments.ts";
import { canonicalJson } from "../../platform/audit/audit.ts";
import type { Ctx } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError } from "../../platform/http/errors.ts";
import { paymentRequests } from "./payments.table.ts";

/** @throws payment.idempotency_key_required */
export function requireKey(header: string | string[] | undefined): string {
  const parsed = idempotencyHeader.safeParse(Array.isArray(header) ? header[0] : header);
  if (!parsed.success) throw new AppError("payment.idempotency_key_required", "请求须带幂等键（Idempotency-Key 请求头，8–100 位字母、数字或 . _ : -）");
  return parsed.data;
}

export const requestHash = (content: unknown): string => createHash("sha256").update(canonicalJson(content)).digest("hex");

/**
 * Runs `work` once per key inside `tx`; a replay returns the first answer.
 * @throws payment.idempotency_conflict
 */
export async function once<T>(tx: Db, ctx: Ctx, key: string, operation: string, content: unknown, clock: { now(): Date }, work: () => Promise<T>): Promise<T> {
  const hash = requestHash({ operation, content });
  const inserted = await tx
    .insert(paymentRequests)
    .values({ key, operation, requestHash: hash, actorId: ctx.actor.userId, createdAt: clock.now() })
    .onConflictDoNothing({ target: paymentRequests.key })
    .returning({ key: paymentRequests.key });
  if (inserted.length === 0) {
    const [first] = await tx.select().from(paymentRequests).where(eq(paymentRequests.key, key)).limit(1);
    if (!first || first.requestHash !== hash || first.actorId !== ctx.actor.userId) {
      throw new AppError("payment.idempotency_conflict", "该幂等键已用于另一项不同的请求", { operation: first?.operation ?? null });
    }
    return first.response as T;
  }
  const answer = await work();
  await tx.update(paymentRequests).set({ response: answer as object }).where(eq(paymentRequests.key, key));
  return answer;
}
