/**
 * The double-entry fund ledger (资金台账): every allocation, advance, settlement, recovery and
 * return is one balanced transaction of signed fen postings. The application checks balance,
 * integer fen and idempotency before writing; the database checks balance and floors again at
 * commit (deferred constraint triggers), so no code path can leave it unbalanced.
 */
import { createHash, randomUUID } from "node:crypto";
import { type and, asc, eq, inArray, sql } from "drizzle-orm";
import { canonicalJson } from "../../platform/audit/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Ctx } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError, constraintErrors } from "../../platform/http/errors.ts";
import { type AccountKind, type FundSource, fundAccounts, type LedgerKind, ledgerPostings, ledgerTransactions } from "./funds.table.ts";

// the deferred guards of migration funds_ledger_guards raise these at commit
constraintErrors({
  fund_account_floor: ["ledger.insufficient_funds", "资金余额不足"],
  ledger_transaction_balanced: ["ledger.unbalanced", "账务借贷不平衡"],
});

export interface AccountKey {
  kind: AccountKind;
  fundSource: FundSource;
  regionCode: string;
}

export const accountCode = (k: AccountKey): string => `${k.kind}:${k.fundSource}:${k.regionCode}`;

/** Budgets may not go below zero; the others carry no floor (sources go negative by design). */
const floorOf = (kind: AccountKind): number | null => (kind === "budget" ? 0 : null);

export interface PostingInput {
  account: AccountKey;
  /** signed fen: > 0 debit, < 0 credit */
  amountFen: number;
}

export interface TransactionInput {
  kind: LedgerKind;
  idempotencyKey: string;
  fundSource: FundSource;
  regionCode: string;
  valueDate: string;
  memo: string;
  programCode?: string | null;
  subsidyType?: string | null;
  referenceType?: string | null;
  referenceId?: string | null;
  reversesId?: string | null;
  postings: PostingInput[];
}

export interface PostedTransaction {
  id: string;
  replayed: boolean;
}

/**
 * Pure checks of a transaction: at least two postings, each a non-zero whole number of fen within
 * the safe range, summing to zero. Returns every problem at once.
 */
export function ledgerProblems(postings: PostingInput[]): string[] {
  const out: string[] = [];
  if (postings.length < 2) out.push("一笔账务至少包含两条分录");
  let sum = 0;
  postings.forEach((p, i) => {
    if (!Number.isSafeInteger(p.amountFen)) out.push(`第 ${i + 1} 条分录金额须为整数分`);
    else if (p.amountFen === 0) out.push(`第 ${i + 1} 条分录金额不能为 0`);
    else sum += p.amountFen;
  });
  if (out.length === 0 && sum !== 0) out.push(`借贷不平衡（差 ${sum} 分）`);
  return out;
}

function contentHash(t: TransactionInput): string {
  const { idempotencyKey: _k, ...content } = t;
  return createHash("sha256").update(canonicalJson(content)).digest("hex");
}

/** Finds or opens the accounts, and locks them (in id order, so two posters never deadlock). */
async function lockAccounts(tx: Db, clock: Clock, keys: AccountKey[]): Promise<Map<string, string>> {
  const codes = [...new Set(keys.map(accountCode))];
  const byCode = new Map(keys.map((k) => [accountCode(k), k]));
  await tx
    .insert(fundAccounts)
    .values(
      codes.map((code) => {
        const k = byCode.get(code)!;
        return { id: randomUUID(), code, kind: k.kind, fundSource: k.fundSource, regionCode: k.regionCode, floorFen: floorOf(k.kind), createdAt: clock.now() };
      }),
    )
    .onConflictDoNothing({ target: fundAccounts.code });
  const rows = await tx.select({ id: fundAccounts.id, code: fundAccounts.code }).from(fundAccounts).where(inArray(fundAccounts.code, codes)).orderBy(asc(fundAccounts.id)).for("update");
  return new Map(rows.map((r) => [r.code, r.id]));
}

/**
 * Posts one balanced transaction inside the caller's database transaction. The same idempotency
 * key with the same content returns the first transaction (replayed); with other content it is
 * refused. Concurrent posts with one key: the unique key lets one in, the other replays.
 * @throws ledger.unbalanced (request shape), ledger.idempotency_conflict, ledger.insufficient_funds
 *   (at commit, from the database floor; mapped by the error handler)
 */
export async function postTransaction(tx: Db, ctx: Ctx, clock: Clock, input: TransactionInput): Promise<PostedTransaction> {
  const problems = ledgerProblems(input.postings);
  if (problems.length) throw new AppError("ledger.unbalanced", problems.join("；"), { problems });
  const hash = contentHash(input);
  const existing = await findByKey(tx, input.idempotencyKey);
  if (existing) return replay(existing, hash);
  const accounts = await lockAccounts(
    tx,
    clock,
    input.postings.map((p) => p.account),
  );
  // budgets are checked here for a clear message; the database floor is the guarantee
  await assertFloors(tx, accounts, input.postings);
  const id = randomUUID();
  const inserted = await tx
    .insert(ledgerTransactions)
    .values({
      id,
      kind: input.kind,
      idempotencyKey: input.idempotencyKey,
      contentHash: hash,
      regionCode: input.regionCode,
      fundSource: input.fundSource,
      programCode: input.programCode ?? null,
      subsidyType: input.subsidyType ?? null,
      referenceType: input.referenceType ?? null,
      referenceId: input.referenceId ?? null,
      reversesId: input.reversesId ?? null,
      memo: input.memo,
      valueDate: input.valueDate,
      postedAt: clock.now(),
      postedBy: ctx.actor.userId,
    })
    .onConflictDoNothing({ target: ledgerTransactions.idempotencyKey })
    .returning({ id: ledgerTransactions.id });
  if (inserted.length === 0) {
    const winner = await findByKey(tx, input.idempotencyKey);
    return replay(winner!, hash);
  }
  await tx.insert(ledgerPostings).values(input.postings.map((p) => ({ id: randomUUID(), transactionId: id, accountId: accounts.get(accountCode(p.account))!, amountFen: p.amountFen })));
  return { id, replayed: false };
}

async function findByKey(tx: Db, key: string) {
  const [row] = await tx.select({ id: ledgerTransactions.id, contentHash: ledgerTransactions.contentHash }).from(ledgerTransactions).where(eq(ledgerTransactions.idempotencyKey, key)).limit(1);
  return row;
}

function replay(existing: { id: string; contentHash: string }, hash: string): PostedTransaction {
  if (existing.contentHash !== hash) throw new AppError("ledger.idempotency_conflict", "该幂等键已用于内容不同的另一笔账务");
  return { id: existing.id, replayed: true };
}

async function assertFloors(tx: Db, accounts: Map<string, string>, postings: PostingInput[]): Promise<void> {
  const delta = new Map<string, number>();
  for (const p of postings) {
    if (floorOf(p.account.kind) === null) continue;
    const code = accountCode(p.account);
    delta.set(code, (delta.get(code) ?? 0) + p.amountFen);
  }
  for (const [code, d] of delta) {
    if (d >= 0) continue;
    const balance = await balanceOf(tx, accounts.get(code)!);
    if (balance + d < 0) {
      throw new AppError("ledger.insufficient_funds", `账户余额不足：可用 ${balance} 分，需 ${-d} 分`, { account: code, balanceFen: balance, neededFen: -d });
    }
  }
}

export async function balanceOf(db: Db, accountId: string): Promise<number> {
  const [r] = await db.select({ s: sql<string>`coalesce(sum(${ledgerPostings.amountFen}), 0)` }).from(ledgerPostings).where(eq(ledgerPostings.accountId, accountId));
  return Number(r?.s ?? 0);
}

/**
 * Undoes a posted transaction with its mirror image (never an edit). A transaction is reversed at
 * most once (unique reverses_id); reversing a reversal is refused.
 * @throws ledger.not_found, ledger.already_reversed, ledger.idempotency_conflict
 */
export async function reverseTransaction(tx: Db, ctx: Ctx, clock: Clock, id: string, o: { idempotencyKey: string; memo: string; valueDate: string }): Promise<PostedTransaction> {
  const [orig] = await tx.select().from(ledgerTransactions).where(eq(ledgerTransactions.id, id)).limit(1);
  if (!orig) throw new AppError("ledger.not_found", "账务不存在");
  if (orig.kind === "reversal") throw new AppError("ledger.already_reversed", "冲销记录不能再冲销");
  const [done] = await tx.select({ id: ledgerTransactions.id, key: ledgerTransactions.idempotencyKey }).from(ledgerTransactions).where(eq(ledgerTransactions.reversesId, id)).limit(1);
  if (done && done.key !== o.idempotencyKey) throw new AppError("ledger.already_reversed", "该笔账务已冲销");
  const lines = await tx
    .select({ amountFen: ledgerPostings.amountFen, kind: fundAccounts.kind, fundSource: fundAccounts.fundSource, regionCode: fundAccounts.regionCode })
    .from(ledgerPostings)
    .innerJoin(fundAccounts, eq(fundAccounts.id, ledgerPostings.accountId))
    .where(eq(ledgerPostings.transactionId, id));
  return postTransaction(tx, ctx, clock, {
    kind: "reversal",
    idempotencyKey: o.idempotencyKey,
    fundSource: orig.fundSource,
    regionCode: orig.regionCode,
    valueDate: o.valueDate,
    memo: o.memo,
    programCode: orig.programCode,
    subsidyType: orig.subsidyType,
    referenceType: orig.referenceType,
    referenceId: orig.referenceId,
    reversesId: id,
    postings: lines.map((l) => ({ account: { kind: l.kind, fundSource: l.fundSource, regionCode: l.regionCode }, amountFen: -l.amountFen })),
  });
}

/** Balances of the accounts matching the filter (sum of postings; no stored balance to drift). */
export async function accountBalances(db: Db, where: ReturnType<typeof and> | undefined) {
  return db
    .select({
      id: fundAccounts.id,
      code: fundAccounts.code,
      kind: fundAccounts.kind,
      fundSource: fundAccounts.fundSource,
      regionCode: fundAccounts.regionCode,
      floorFen: fundAccounts.floorFen,
      // qualified by hand: drizzle writes a lone-table column unqualified, which inside the
      // subquery would bind to ledger_postings.id
      balanceFen: sql<string>`coalesce((select sum(p.amount_fen) from ledger_postings p where p.account_id = fund_accounts.id), 0)`.mapWith(Number),
    })
    .from(fundAccounts)
    .where(where)
    .orderBy(asc(fundAccounts.code));
}
