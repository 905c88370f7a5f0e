export { ensureTraineeAccount, type TraineeAccount } from "./trainees.account.ts";
export { traineesRoutes } from "./trainees.routes.ts";
export { type PersonEnrollments, personScope } from "./trainees.policy.ts";
export { linkPersonToInstitution } from "./trainees.repo.ts";
export { changeRequestRules, personRules } from "./trainees.row-rules.ts";
export { linkPersonsToInstitution } from "./trainees.links.ts";
export { personCategories, personExclusions, personInstitutions, personRegions, persons } from "./trainees.table.ts";
export { personWarnings } from "./trainees.rules.ts";
export { personAuditNames } from "./trainees.audit-names.ts";
