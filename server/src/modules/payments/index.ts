export { paymentsRoutes } from "./payments.routes.ts";
// the chart of accounts the payment step posts to (the fund disclosure reads expense accounts)
export { fundSourceFor, orderPostings } from "./payments.ledger.ts";
