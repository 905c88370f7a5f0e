export { subsidiesRoutes } from "./subsidies.routes.ts";
export { subsidyClaimLines, subsidyClaims } from "./subsidies.table.ts";
export { countClaimsToReview, countOpenObjections } from "./subsidies.counts.ts";
