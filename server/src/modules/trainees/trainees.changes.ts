/**
 * Differences between what a caller entered and the registered record, and applying a confirmed
 * change request. Registrations and imports never change an existing person: they report these
 * differences (never the stored values) and may file them as a change request.
 */
import { randomUUID } from "node:crypto";
import { type ChangeableField, changeableFields, changeableFieldLabels, type CategoryCode, sensitiveCategories } from "../../../../shared/src/contracts/trainees.ts";
import { audit } from "../../platform/audit/audit.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError } from "../../platform/http/errors.ts";
import { maskPhone } from "./trainees.presenter.ts";
import * as repo from "./trainees.repo.ts";
import type { EnteredPerson, PersonChanges, StoredCategory } from "./trainees.table.ts";

export type DifferenceField = ChangeableField | "categories" | "exclusions";
export const DIFFERS = "与已登记信息不一致";

/** A category as entered, with sensitive evidence encrypted (for JSON kept on links and requests). */
export function storedCategory(
  deps: Pick<Deps, "crypto">,
  c: { code: CategoryCode; evidenceType: "registry_match" | "commitment"; evidenceRef: string; evidenceDate: string },
): StoredCategory {
  const sensitive = sensitiveCategories.has(c.code);
  return {
    code: c.code,
    evidenceType: c.evidenceType,
    evidenceRef: sensitive ? null : c.evidenceRef,
    evidenceRefEncrypted: sensitive ? deps.crypto.encrypt(c.evidenceRef) : null,
    evidenceDate: c.evidenceDate,
  };
}

/**
 * What in `entry` differs from the stored record: a value entered that is not the stored one (an
 * empty entry never proposes erasing), categories and exclusion facts not yet recorded.
 */
export function differencesOf(
  entry: Omit<EnteredPerson, "residenceRegionCode"> & { residenceRegionCode: string | null },
  stored: repo.PersonRow,
  storedCategories: readonly string[],
  storedExclusions: readonly string[],
): { fields: DifferenceField[]; changes: PersonChanges } {
  const changes: PersonChanges = {};
  const fields: DifferenceField[] = [];
  for (const f of changeableFields) {
    const v = entry[f];
    if (v !== null && v !== stored[f]) {
      changes[f] = v;
      fields.push(f);
    }
  }
  const cats = entry.categories.filter((c) => !storedCategories.includes(c.code));
  if (cats.length) {
    changes.categories = cats;
    fields.push("categories");
  }
  const excl = entry.exclusions.filter((e) => !storedExclusions.includes(e.kind));
  if (excl.length) {
    changes.exclusions = excl;
    fields.push("exclusions");
  }
  return { fields, changes };
}

export function differenceViews(fields: DifferenceField[]): { field: string; message: string }[] {
  return fields.map((f) => ({ field: f, message: `${changeableFieldLabels[f]}${DIFFERS}` }));
}

/** The change's values as the audit log keeps them: phone masked, sensitive evidence never. */
function auditable(c: PersonChanges | Partial<repo.PersonRow>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of changeableFields) {
    const v = (c as Record<string, unknown>)[f];
    if (v !== undefined) out[f] = f === "phone" ? maskPhone(v as string | null) : v;
  }
  return out;
}

/**
 * Files a change request in the caller's transaction (the caller has asserted the rule).
 * @throws person.no_difference when nothing would change
 */
export async function fileChangeRequest(
  deps: Pick<Deps, "clock">,
  tx: Db,
  ctx: Ctx,
  person: repo.PersonRow,
  changes: PersonChanges,
  institutionId: string | null,
): Promise<string> {
  if (!Object.keys(changes).length) throw new AppError("person.no_difference", "变更内容与已登记信息相同");
  const id = randomUUID();
  const now = deps.clock.now();
  await repo.insertChangeRequest(tx, { id, personId: person.id, institutionId, changes, status: "pending", filedBy: ctx.actor.userId, filedAt: now });
  await audit(tx, ctx, deps.clock, {
    action: "person.change_requested",
    entityType: "person",
    entityId: person.id,
    regionCode: person.residenceRegionCode,
    after: { changeRequestId: id, institutionId, ...auditable(changes), categories: changes.categories?.map((c) => c.code), exclusions: changes.exclusions?.map((e) => e.kind) },
  });
  return id;
}

/**
 * Applies a confirmed change to the person in the caller's transaction and audits it per person
 * with before/after (phone masked), under the person's residence before and after the change so
 * both counties see it.
 */
export async function applyChanges(deps: Pick<Deps, "clock">, tx: Db, ctx: Ctx, person: repo.PersonRow, changes: PersonChanges, changeRequestId: string): Promise<void> {
  const now = deps.clock.now();
  const patch: Partial<repo.PersonRow> = {};
  const before: Partial<repo.PersonRow> = {};
  for (const f of changeableFields) {
    const v = changes[f];
    if (v !== undefined && v !== person[f]) {
      (patch as Record<string, unknown>)[f] = v;
      (before as Record<string, unknown>)[f] = person[f];
    }
  }
  if (Object.keys(patch).length) await repo.updatePerson(tx, person.id, { ...patch, updatedAt: now } as Parameters<typeof repo.updatePerson>[2]);
  const addedCategories = changes.categories?.length
    ? await repo.insertCategories(
        tx,
        changes.categories.map((c) => ({
          personId: person.id,
          category: c.code,
          evidenceType: c.evidenceType,
          evidenceRef: c.evidenceRef,
          evidenceRefEncrypted: c.evidenceRefEncrypted,
          evidenceDate: c.evidenceDate,
          createdAt: now,
        })),
      )
    : 0;
  const addedExclusions = changes.exclusions?.length
    ? await repo.insertExclusions(tx, changes.exclusions.map((e) => ({ personId: person.id, kind: e.kind, source: e.source, recordedOn: e.recordedOn, createdAt: now })))
    : 0;
  const entry = {
    action: "person.changed",
    entityType: "person",
    entityId: person.id,
    before: auditable(before),
    after: { ...auditable(patch), changeRequestId, categories: changes.categories?.map((c) => c.code), addedCategories, exclusions: changes.exclusions?.map((e) => e.kind), addedExclusions },
  };
  await audit(tx, ctx, deps.clock, { ...entry, regionCode: person.residenceRegionCode });
  // moved to another county: that county sees the move too
  if (patch.residenceRegionCode && patch.residenceRegionCode !== person.residenceRegionCode) {
    await audit(tx, ctx, deps.clock, { ...entry, action: "person.moved_in", regionCode: patch.residenceRegionCode });
  }
}
