export { classEnrollments, classes, classSessions, type ClassStatus, classStatuses } from "./classes.table.ts";
export { certificates, classChanges, type ClassChangeKind, classChangeKinds } from "./classes-workflow.table.ts";
export { classesRoutes } from "./classes.routes.ts";
export { classScope } from "./classes.policy.ts";
export { classPolicy, classTransitions } from "./classes.rules.ts";
export { personEnrollments } from "./classes.person-enrollments.ts";
export { type ClassFacts, classRules } from "./classes.policy.ts";
export { classAuditNames, certificateAuditNames } from "./classes.audit-names.ts";
// the demo generator (server/scripts/demo) walks classes through the real workflow
export { createClass, transitionClass } from "./classes.service.ts";
export { enterResults, issueCertificates } from "./classes.results.ts";
// read-only statistics (targets' skill structure)
export { certificateCountsByLevel } from "./classes.stats.ts";
export { countClassesInList, type OwnClassRate, ownClassRates } from "./classes.counts.ts";
