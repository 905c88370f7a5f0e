export { targetsRoutes } from "./targets.routes.ts";
export { seedTargets } from "./targets.seed.ts";
export { targetAuditNames, skillStructureAuditNames } from "./targets.audit-names.ts";
export { targetVersions, skillStructureVersions } from "./targets.table.ts";
