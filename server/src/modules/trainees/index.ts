export { ensureTraineeAccount, type TraineeAccount } from "./trainees.account.ts";
export { traineesRoutes } from "./trainees.routes.ts";
export { personScope } from "./trainees.policy.ts";
export { linkPersonsToInstitution } from "./trainees.links.ts";
export { personCategories, personExclusions, personInstitutions, persons } from "./trainees.table.ts";
export { personWarnings } from "./trainees.rules.ts";
