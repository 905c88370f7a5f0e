export { paymentsRoutes } from "./payments.routes.ts";
// the chart of accounts the payment step posts to (the fund disclosure reads expense accounts)
export { fundSourceFor, orderPostings } from "./payments.ledger.ts";
// the demo generator (server/scripts/demo) pays claims through the real workflow
export { savePayeeAccount } from "./payments.accounts.ts";
export { batchFile, createBatch, importResult } from "./payments.batches.ts";
export { createAdvance, createSettlement, getClaimPayment } from "./payments.orders.ts";
