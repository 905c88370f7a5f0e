/**
 * Which module names which object type in the operation log (操作日志). The platform's audit route
 * knows no module; app.ts hands it this table. A type without a resolver shows its Chinese type
 * name alone (shared/src/audit-labels.ts).
 */
import { catalogueItemAuditNames, occupationAuditNames, standardAuditNames } from "./modules/catalogue/index.ts";
import { certificateAuditNames, classAuditNames } from "./modules/classes/index.ts";
import { institutionAuditNames, institutionPartAuditNames } from "./modules/institutions/index.ts";
import { skillStructureAuditNames, targetAuditNames } from "./modules/targets/index.ts";
import { personAuditNames } from "./modules/trainees/index.ts";
import { userAuditNames } from "./modules/users/index.ts";
import type { EntityNameResolvers } from "./platform/audit/audit.names.ts";

export const auditNameResolvers: EntityNameResolvers = {
  class: classAuditNames,
  certificate: certificateAuditNames,
  person: personAuditNames,
  institution: institutionAuditNames,
  ...institutionPartAuditNames,
  user: userAuditNames,
  catalogue_item: catalogueItemAuditNames,
  subsidy_standard: standardAuditNames,
  occupation: occupationAuditNames,
  target: targetAuditNames,
  skill_structure: skillStructureAuditNames,
};
