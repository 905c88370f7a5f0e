export { subsidiesRoutes } from "./subsidies.routes.ts";
export { subsidyClaimLines, subsidyClaims } from "./subsidies.table.ts";
export { countClaimsToReview, countOpenObjections } from "./subsidies.counts.ts";
export { markLinesPaid } from "./person-claims.ts";
export { linesCleared } from "./notices.service.ts";
