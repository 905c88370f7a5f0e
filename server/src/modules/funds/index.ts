export { fundsRoutes } from "./funds.routes.ts";
export { type AccountKey, accountBalances, balanceOf, ledgerProblems, type PostingInput, postTransaction, reverseTransaction, type TransactionInput } from "./funds.ledger.ts";
export { fundAccounts, type FundSource, fundSources, ledgerPostings, ledgerTransactions } from "./funds.table.ts";
export { allocateBudget, receiveFunding } from "./funds.service.ts";
