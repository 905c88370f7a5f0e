/**
 * 支付批次: finance puts payment orders into a batch and downloads the bank payment file (.xlsx, one
 * row per payee account, with the batch code on every row, the total and a control hash); the
 * bank's result file (the same sheet with 处理结果 / 银行流水号 / 退回原因 filled in) is imported:
 * paid rows get the bank reference and are posted to the ledger in the same transaction that marks
 * them paid; returned rows (wrong account) wait until the account is corrected, then go into a new batch.
 */
import { createHash, randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, inArray } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { CreateBatchBody } from "../../../../shared/src/contracts/payments.ts";
import { audit } from "../../platform/audit/audit.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError } from "../../platform/http/errors.ts";
import { readTable } from "../../platform/spreadsheet/index.ts";
import { readAll } from "../../platform/db/reads.ts";
import { dateInChina } from "../calendar/index.ts";
import { claimFacts } from "../subsidies/index.ts";
import { once } from "./payments.idempotency.ts";
import { type OrderRow, postOrder } from "./payments.orders.ts";
import { batchRules, batchScope, orderRules, orderScope } from "./payments.policy.ts";
import { paymentBatches, paymentBatchOrders, paymentBatchRows, paymentOrders, payeeAccounts } from "./payments.table.ts";

export interface CanonicalRow {
  rowNo: number;
  accountNumber: string;
  accountName: string;
  amountFen: number;
}

/** SHA-256 over the batch code and its rows, one canonical line each: the bank file's 校验值. */
export function controlHash(batchCode: string, rows: CanonicalRow[]): string {
  const lines = [...rows].sort((a, b) => a.rowNo - b.rowNo).map((r) => `${r.rowNo}|${r.accountNumber}|${r.accountName}|${r.amountFen}`);
  return createHash("sha256").update([batchCode, ...lines].join("\n")).digest("hex");
}

const yuan = (fen: number) => (fen / 100).toFixed(2);
/** "1234.5" / "1234.50" → 123450 fen; a third decimal (a fraction of a fen) or anything else → null */
export function parseYuan(s: string | null): number | null {
  if (!s || !/^\d{1,13}(\.\d{1,2})?$/.test(s.trim())) return null;
  const [int, dec = ""] = s.trim().split(".");
  return Number(int) * 100 + Number(dec.padEnd(2, "0"));
}

type BatchRow = typeof paymentBatches.$inferSelect;

/**
 * A batch of orders (ready, or returned with the account corrected since), one row per payee account.
 * @throws payment.not_found (an order outside payment.manage scope), auth.forbidden, payment.order_not_ready,
 *   payment.separation_of_duties, payment.no_payee_account, payment.account_not_corrected, payment.idempotency_conflict
 */
export async function createBatch(deps: Deps, ctx: Ctx, body: CreateBatchBody, key: string) {
  const ids = [...new Set(body.orderIds)].sort();
  return deps.db.transaction((tx) =>
    once(tx, ctx, key, "batch", { orderIds: ids }, deps.clock, async () => {
      const orders = await tx
        .select()
        .from(paymentOrders)
        .where(and(inArray(paymentOrders.id, ids), orderScope(ctx.actor, "payment.manage")))
        .orderBy(asc(paymentOrders.id))
        .for("update");
      const missing = ids.filter((id) => !orders.some((o) => o.id === id));
      if (missing.length) throw new AppError("payment.not_found", "支付指令不存在或不在您的管辖范围内", { orderIds: missing });
      const accounts = await tx.select().from(payeeAccounts).where(and(inArray(payeeAccounts.payeeId, [...new Set(orders.map((o) => o.payeeId))]), eq(payeeAccounts.status, "active")));
      const accountOf = (o: OrderRow) => accounts.find((a) => a.payeeType === o.payeeType && a.payeeId === o.payeeId);
      const reviewedCache = new Map<string, boolean>();
      for (const o of orders) {
        if (!reviewedCache.has(o.claimId)) reviewedCache.set(o.claimId, (await claimFacts(tx, o.claimId, ctx.actor.userId)).actedSteps.size > 0);
        const acct = accountOf(o);
        const v = orderRules.check(ctx.actor, "batch", o, { reviewed: reviewedCache.get(o.claimId)!, hasAccount: !!acct, accountCorrected: !!acct && acct.id !== o.returnedAccountId });
        if (!v.ok) throw new AppError(v.code, `${o.code}：${v.message}`, { ...v.details, orderCodes: [o.code] });
      }
      const byAccount = new Map<string, OrderRow[]>();
      for (const o of orders) byAccount.set(accountOf(o)!.id, [...(byAccount.get(accountOf(o)!.id) ?? []), o]);
      const now = deps.clock.now();
      const id = randomUUID();
      const regionCode = ctx.actor.regionCode ?? "220000";
      const code = `PC-${regionCode}-${dateInChina(now).replace(/-/g, "")}-${id.slice(0, 6).toUpperCase()}`;
      const rows = [...byAccount.entries()]
        .map(([accountId, os]) => ({ account: accounts.find((a) => a.id === accountId)!, orders: os, amountFen: os.reduce((s, o) => s + o.amountFen, 0) }))
        .sort((a, b) => a.account.payeeName.localeCompare(b.account.payeeName, "zh") || a.account.id.localeCompare(b.account.id))
        .map((r, i) => ({ ...r, rowNo: i + 1, rowId: randomUUID() }));
      const totalFen = rows.reduce((s, r) => s + r.amountFen, 0);
      const hash = controlHash(
        code,
        rows.map((r) => ({ rowNo: r.rowNo, accountNumber: deps.crypto.decrypt(r.account.accountNumberEncrypted), accountName: r.account.accountName, amountFen: r.amountFen })),
      );
      await tx.insert(paymentBatches).values({ id, code, regionCode, status: "sent", rowCount: rows.length, totalFen, controlHash: hash, createdBy: ctx.actor.userId, createdAt: now });
      await tx.insert(paymentBatchRows).values(rows.map((r) => ({ id: r.rowId, batchId: id, rowNo: r.rowNo, payeeAccountId: r.account.id, amountFen: r.amountFen, status: "sent" as const })));
      await tx.insert(paymentBatchOrders).values(rows.flatMap((r) => r.orders.map((o) => ({ rowId: r.rowId, orderId: o.id, live: "live" as const }))));
      await tx.update(paymentOrders).set({ status: "in_batch", updatedAt: now }).where(inArray(paymentOrders.id, ids));
      await audit(tx, ctx, deps.clock, { action: "payment.batch_created", entityType: "payment_batch", entityId: id, regionCode, after: { code, rows: rows.length, orders: ids.length, totalFen, controlHash: hash } });
      return getBatchIn(tx, ctx, id);
    }),
  );
}

async function loadBatch(db: Db, ctx: Ctx, id: string, perm: "payment.read" | "payment.manage" = "payment.read", lock = false): Promise<BatchRow> {
  const q = db
    .select()
    .from(paymentBatches)
    .where(and(eq(paymentBatches.id, id), batchScope(ctx.actor, perm)))
    .limit(1);
  const [b] = lock ? await q.for("update") : await q;
  if (!b) throw new AppError("payment.not_found", "支付批次不存在或不在您的管辖范围内");
  return b;
}

async function batchRows(db: Db, batchId: string) {
  const rows = await db
    .select({ row: paymentBatchRows, account: payeeAccounts })
    .from(paymentBatchRows)
    .innerJoin(payeeAccounts, eq(payeeAccounts.id, paymentBatchRows.payeeAccountId))
    .where(eq(paymentBatchRows.batchId, batchId))
    .orderBy(asc(paymentBatchRows.rowNo));
  const links = rows.length
    ? await db
        .select({ rowId: paymentBatchOrders.rowId, order: paymentOrders })
        .from(paymentBatchOrders)
        .innerJoin(paymentOrders, eq(paymentOrders.id, paymentBatchOrders.orderId))
        .where(
          inArray(
            paymentBatchOrders.rowId,
            rows.map((r) => r.row.id),
          ),
        )
        .orderBy(asc(paymentOrders.code))
    : [];
  return rows.map((r) => ({ ...r, orders: links.filter((l) => l.rowId === r.row.id).map((l) => l.order) }));
}

const presentBatch = (b: BatchRow) => ({
  id: b.id,
  code: b.code,
  regionCode: b.regionCode,
  status: b.status,
  rowCount: b.rowCount,
  totalFen: b.totalFen,
  controlHash: b.controlHash,
  paidFen: b.paidFen,
  returnedFen: b.returnedFen,
  createdAt: b.createdAt.toISOString(),
  reconciledAt: b.reconciledAt?.toISOString() ?? null,
});

async function getBatchIn(db: Db, ctx: Ctx, id: string) {
  const b = await loadBatch(db, ctx, id);
  const rows = await batchRows(db, id);
  return {
    ...presentBatch(b),
    rows: rows.map((r) => ({
      rowNo: r.row.rowNo,
      accountName: r.account.accountName,
      bankName: r.account.bankName,
      accountNumberMasked: r.account.accountNumberMasked,
      amountFen: r.row.amountFen,
      status: r.row.status,
      bankReference: r.row.bankReference,
      returnReason: r.row.returnReason,
      orderCodes: r.orders.map((o) => o.code),
    })),
  };
}

/** @throws payment.not_found */
export const getBatch = (deps: Deps, ctx: Ctx, id: string) => getBatchIn(deps.db, ctx, id);

export async function listBatches(deps: Deps, ctx: Ctx, q: { status?: BatchRow["status"] | undefined; page: number; pageSize: number }) {
  const where = and(batchScope(ctx.actor, "payment.read"), q.status ? eq(paymentBatches.status, q.status) : undefined);
  const [rows, [total]] = await readAll(deps.db, [
    () => deps.db
      .select()
      .from(paymentBatches)
      .where(where)
      .orderBy(desc(paymentBatches.createdAt), desc(paymentBatches.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    () => deps.db.select({ n: count() }).from(paymentBatches).where(where),
  ]);
  return { items: rows.map(presentBatch), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

const HEADERS = ["批次号", "序号", "收款户名", "收款账号", "开户银行", "金额（元）", "附言", "处理结果", "银行流水号", "退回原因"] as const;
const COLUMNS = [
  { key: "batch", headers: ["批次号"], required: true },
  { key: "rowNo", headers: ["序号"] },
  { key: "name", headers: ["收款户名"], required: true },
  { key: "account", headers: ["收款账号"] },
  { key: "bank", headers: ["开户银行"] },
  { key: "amount", headers: ["金额（元）", "金额(元)"], required: true },
  { key: "memo", headers: ["附言"] },
  { key: "result", headers: ["处理结果"], required: true },
  { key: "reference", headers: ["银行流水号"] },
  { key: "reason", headers: ["退回原因"] },
];
const TOTAL_LABEL = "合计";
const HASH_LABEL = "校验值";

/**
 * The bank payment file: one row per payee account with the full account number (the bank needs it;
 * the download is audited), the batch code on every row, then the total and the control hash.
 * Every cell is text, so account numbers keep every digit and amounts stay exact.
 * @throws payment.not_found, auth.forbidden
 */
export async function batchFile(deps: Deps, ctx: Ctx, id: string): Promise<{ name: string; buffer: Buffer }> {
  const b = await loadBatch(deps.db, ctx, id, "payment.manage");
  const rows = await batchRows(deps.db, id);
  const wb = new ExcelJS.Workbook();
  wb.creator = "吉林省职业技能培训信息管理平台";
  const ws = wb.addWorksheet("支付明细", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = HEADERS.map((h) => ({ header: h, width: h === "收款账号" ? 26 : h === "附言" ? 40 : 16 }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    const cells = [b.code, String(r.row.rowNo), r.account.accountName, deps.crypto.decrypt(r.account.accountNumberEncrypted), r.account.bankName, yuan(r.row.amountFen), `职业培训补贴 ${r.orders.map((o) => o.code).join(" ")}`, "", "", ""];
    const row = ws.addRow(cells);
    row.eachCell((c) => {
      c.numFmt = "@";
    });
  }
  ws.addRow([b.code, "", TOTAL_LABEL, "", `${b.rowCount} 笔`, yuan(b.totalFen), "", "", "", ""]).font = { bold: true };
  ws.addRow([b.code, "", HASH_LABEL, "", "", "", b.controlHash, "", "", ""]);
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  await deps.db.transaction((tx) => audit(tx, ctx, deps.clock, { action: "payment.batch_file_downloaded", entityType: "payment_batch", entityId: b.id, regionCode: b.regionCode, after: { code: b.code, totalFen: b.totalFen, controlHash: b.controlHash } }));
  return { name: `银行支付文件-${b.code}`, buffer };
}

interface ResultRow {
  rowNo: number;
  status: "paid" | "returned";
  reference: string | null;
  reason: string | null;
}

const PAID = new Set(["成功", "已支付", "支付成功", "paid"]);
const RETURNED = new Set(["退回", "失败", "退票", "支付失败", "returned"]);

/**
 * Reads and checks a result file against its batch, refusing in this order: another batch's file
 * (payment.result_wrong_batch), a total that differs (payment.result_total_mismatch), rows or the
 * stated hash that differ (payment.result_hash_mismatch), unreadable rows (payment.result_bad_row).
 */
export async function readResultFile(buf: Buffer, batch: Pick<BatchRow, "code" | "totalFen" | "controlHash">): Promise<ResultRow[]> {
  const table = await readTable(buf, "result.xlsx", { columns: COLUMNS, maxRows: 5000 });
  const otherBatch = table.rows.find((r) => r.values.batch !== batch.code);
  if (otherBatch) throw new AppError("payment.result_wrong_batch", `回盘文件属于批次 ${otherBatch.values.batch ?? "（空）"}，不是本批次 ${batch.code}`, { fileBatchCode: otherBatch.values.batch, batchCode: batch.code });
  const footer = (label: string) => table.rows.find((r) => r.values.name === label && !r.values.rowNo);
  const data = table.rows.filter((r) => r.values.rowNo);
  const problems: { row: number; message: string }[] = [...table.problems.map((p) => ({ row: p.row, message: p.message }))];
  const amounts = data.map((r) => ({ r, fen: parseYuan(r.values.amount ?? null) }));
  for (const a of amounts) if (a.fen === null) problems.push({ row: a.r.row, message: "金额须为元，最多两位小数" });
  const statedTotal = parseYuan(footer(TOTAL_LABEL)?.values.amount ?? null);
  const fileFen = amounts.reduce((s, a) => s + (a.fen ?? 0), 0);
  if (statedTotal !== batch.totalFen || fileFen !== batch.totalFen) {
    throw new AppError("payment.result_total_mismatch", `回盘合计金额与批次不符：批次 ${yuan(batch.totalFen)} 元，文件 ${yuan(statedTotal ?? fileFen)} 元`, { expectedFen: batch.totalFen, fileFen, statedFen: statedTotal });
  }
  const recomputed = controlHash(
    batch.code,
    amounts.map((a) => ({ rowNo: Number(a.r.values.rowNo), accountNumber: a.r.values.account ?? "", accountName: a.r.values.name ?? "", amountFen: a.fen ?? 0 })),
  );
  if (recomputed !== batch.controlHash || footer(HASH_LABEL)?.values.memo !== batch.controlHash) {
    throw new AppError("payment.result_hash_mismatch", "回盘文件的收款信息或校验值与本批次不符，文件可能被改动", { expected: batch.controlHash, recomputed, stated: footer(HASH_LABEL)?.values.memo ?? null });
  }
  const out: ResultRow[] = [];
  for (const r of data) {
    const result = (r.values.result ?? "").trim();
    if (PAID.has(result)) {
      if (!r.values.reference) problems.push({ row: r.row, message: "支付成功的行须有银行流水号" });
      out.push({ rowNo: Number(r.values.rowNo), status: "paid", reference: r.values.reference ?? null, reason: null });
    } else if (RETURNED.has(result)) {
      out.push({ rowNo: Number(r.values.rowNo), status: "returned", reference: r.values.reference ?? null, reason: r.values.reason ?? "银行退回" });
    } else {
      problems.push({ row: r.row, message: `处理结果「${result || "空"}」无法识别（应为 成功 或 退回）` });
    }
  }
  if (problems.length) throw new AppError("payment.result_bad_row", "回盘文件有无法识别的行", { problems });
  return out;
}

/**
 * Imports the bank's result of a batch: paid rows get the bank reference and each of their orders is
 * marked paid and posted to the ledger in this one database transaction (a crash cannot leave an
 * order paid without its posting, or posted without being paid); returned rows send their orders back
 * to "returned" until the payee's account is corrected.
 * @throws payment.not_found, auth.forbidden, payment.batch_reconciled, payment.result_wrong_batch,
 *   payment.result_total_mismatch, payment.result_hash_mismatch, payment.result_bad_row,
 *   payment.idempotency_conflict, ledger.insufficient_funds (nothing is imported then)
 */
export async function importResult(deps: Deps, ctx: Ctx, id: string, buf: Buffer, key: string) {
  const fileHash = createHash("sha256").update(buf).digest("hex");
  return deps.db.transaction((tx) =>
    once(tx, ctx, key, "batch_result", { batchId: id, fileHash }, deps.clock, async () => {
      const b = await loadBatch(tx, ctx, id, "payment.read", true);
      batchRules.assert(ctx.actor, "importResult", b, {});
      const results = await readResultFile(buf, b);
      const rows = await batchRows(tx, id);
      const now = deps.clock.now();
      const today = dateInChina(now);
      let paidFen = 0;
      let returnedFen = 0;
      for (const res of results) {
        const r = rows.find((x) => x.row.rowNo === res.rowNo)!;
        await tx
          .update(paymentBatchRows)
          .set({ status: res.status, bankReference: res.reference, returnReason: res.reason })
          .where(eq(paymentBatchRows.id, r.row.id));
        if (res.status === "paid") {
          paidFen += r.row.amountFen;
          for (const o of r.orders) await postOrder(tx, ctx, deps.clock, o, { valueDate: today, bankReference: res.reference });
        } else {
          returnedFen += r.row.amountFen;
          await tx.update(paymentBatchOrders).set({ live: "returned" }).where(eq(paymentBatchOrders.rowId, r.row.id));
          for (const o of r.orders) {
            await tx.update(paymentOrders).set({ status: "returned", returnedAccountId: r.row.payeeAccountId, updatedAt: now }).where(eq(paymentOrders.id, o.id));
            await audit(tx, ctx, deps.clock, { action: "payment.order_returned", entityType: "payment_order", entityId: o.id, regionCode: o.regionCode, after: { code: o.code, batchCode: b.code, reason: res.reason } });
          }
        }
      }
      await tx.update(paymentBatches).set({ status: "reconciled", paidFen, returnedFen, reconciledBy: ctx.actor.userId, reconciledAt: now }).where(eq(paymentBatches.id, id));
      await audit(tx, ctx, deps.clock, { action: "payment.result_imported", entityType: "payment_batch", entityId: id, regionCode: b.regionCode, after: { code: b.code, paidFen, returnedFen, fileHash } });
      return getBatchIn(tx, ctx, id);
    }),
  );
}
