export { institutionsRoutes } from "./institutions.routes.ts";
export { assertInstitutionCanOpenClasses, type InstitutionForClass, institutionForClass } from "./institutions.sanctions.ts";
export { institutionRegion } from "./institutions.service.ts";
export { sanctionLadder } from "./institutions.rules.ts";
export { institutionRules } from "./institutions.policy.ts";
export { institutions, institutionQualifications, institutionTeachers, institutionFacilities, institutionPrograms, institutionSanctions } from "./institutions.table.ts";
export { institutionAuditNames, institutionNames, institutionPartAuditNames } from "./institutions.names.ts";
export { transitionInstitution } from "./institutions.service.ts";
