export { resolveSession } from "./auth.service.ts";
export { ensureAdmin } from "./bootstrap.ts";
export { usersRoutes } from "./users.routes.ts";
export { insertAccount, mapUniqueUsername, type NewAccount, preparePassword } from "./users.service.ts";
export { users, roleAssignments, sessions } from "./users.table.ts";
export { insertTraineeUser, resetTraineePassword } from "./trainee-account.ts";
export { userAuditNames } from "./users.audit-names.ts";
