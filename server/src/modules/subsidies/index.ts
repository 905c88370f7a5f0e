export { subsidiesRoutes } from "./subsidies.routes.ts";
export { subsidyClaimLines, subsidyClaims } from "./subsidies.table.ts";
