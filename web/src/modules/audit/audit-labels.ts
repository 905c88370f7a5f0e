import { auditActionLabel, auditEntityLabel } from "../../../../shared/src/audit-labels.ts";
import { roles } from "../../../../shared/src/permissions.ts";

export { auditActionGroups, auditActionLabels, auditEntityLabels } from "../../../../shared/src/audit-labels.ts";

/** Chinese names of the audit actions: one map, shared with the server (shared/src/audit-labels.ts). */
export const actionLabel = auditActionLabel;
export const entityTypeLabel = auditEntityLabel;

const actorKinds: Record<string, string> = { system: "系统", anonymous: "未登录" };

/** "admin,auditor" (the roles the actor held when acting) → "系统管理员、审计监督人员". */
export function actorRoleLabel(summary: string | null): string {
  if (!summary) return "";
  return summary
    .split(",")
    .map((r) => roles[r as keyof typeof roles]?.label ?? actorKinds[r] ?? r)
    .join("、");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What the 对象 column says: the object's own name when the server named it for this reader;
 * otherwise the type alone ("培训班"), or the type and a readable key such as a calendar day's
 * date — never a bare UUID.
 */
export function entityText(e: { entityType: string; entityId: string | null; entity: { name: string } | null }): { type: string; name: string | null } {
  const type = auditEntityLabel(e.entityType);
  if (e.entity) return { type, name: e.entity.name };
  if (e.entityId && !UUID.test(e.entityId)) return { type, name: e.entityId };
  return { type, name: null };
}
