export { catalogueRoutes } from "./catalogue.routes.ts";
export { catalogueItems, catalogueItemVersions, occupations, subsidyStandards } from "./catalogue.table.ts";
export { itemVersionInForce } from "./items.service.ts";
export { seedDemoOccupations } from "./occupations.service.ts";
export { lookupStandard } from "./standards.service.ts";
export { applyFactors, computeStandard, standardRegionChain, type StandardAnswer, type TrainingMode } from "./standard-lookup.ts";
export { catalogueItemAuditNames, occupationAuditNames, standardAuditNames } from "./catalogue.audit-names.ts";
export { addVersion, createItem, setItemStatus } from "./items.service.ts";
export { createStandard } from "./standards.service.ts";
