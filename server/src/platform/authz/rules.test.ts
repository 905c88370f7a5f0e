import { describe, expect, it } from "vitest";
import { AppError } from "../http/errors.ts";
import type { Actor } from "../auth/actor.ts";
import { defineRules, ruleTable } from "./rules.ts";

interface Doc {
  ownerId: string;
  status: "draft" | "submitted" | "approved";
  filedBy: string | null;
}
const actor = (id: string, reviewer = false): Actor => ({
  kind: "user",
  userId: id,
  username: id,
  regionCode: null,
  grants: [],
  permissions: new Set(reviewer ? ["class.review" as const] : []),
  mustChangePassword: false,
});

const docRules = defineRules({
  record: "doc",
  parties: {
    owner: (a, r: Doc) => a.userId === r.ownerId,
    reviewer: (a) => a.permissions.has("class.review"),
  },
  state: (r: Doc) => r.status,
  stateLabels: { draft: "草稿" },
  refusedCode: "class.transition_not_allowed",
  actions: {
    submit: { by: ["owner"], from: ["draft"], to: "submitted" },
    approve: {
      by: ["reviewer"],
      from: ["submitted"],
      to: "approved",
      unless: { filedBySelf: { when: (r, _f, a) => r.filedBy === a.userId, code: "attendance.self_approval", message: "不能审核本人提交的申请" } },
    },
  },
});

describe("defineRules", () => {
  const draft: Doc = { ownerId: "u1", status: "draft", filedBy: "u1" };
  it("derives parties, abilities and the next state from one declaration", () => {
    expect(docRules.partiesOf(actor("u1"), draft, {})).toEqual(["owner"]);
    expect(docRules.abilities(actor("u1"), draft, {})).toEqual({ submit: true, approve: false });
    expect(docRules.next("submit", "draft")).toBe("submitted");
  });
  it("refuses a non-party with 403, a wrong state with the refused code and the state's label", () => {
    expect(() => docRules.assert(actor("u2"), "submit", draft, {})).toThrow(expect.objectContaining({ code: "auth.forbidden", status: 403 }));
    const v = docRules.check(actor("u1", true), "approve", draft, {});
    expect(v).toMatchObject({ ok: false, reason: "state", code: "class.transition_not_allowed" });
    expect(!v.ok && v.message).toContain("草稿");
  });
  it("a guard refuses with its own code and reason even for a party in an allowed state", () => {
    const submitted: Doc = { ...draft, status: "submitted" };
    let err: unknown;
    try {
      docRules.assert(actor("u1", true), "approve", submitted, {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "attendance.self_approval", details: { reason: "filedBySelf" } });
    expect(docRules.may(actor("u3", true), "approve", submitted, {})).toBe(true);
  });
  it("the generated table agrees with check() for every action, state and single party", () => {
    const rows = ruleTable(docRules, ["draft", "submitted", "approved"]);
    expect(rows.length).toBe(2 * 3 * 3);
    for (const row of rows) {
      const a = row.party === "owner" ? actor("u1") : row.party === "reviewer" ? actor("r", true) : actor("x");
      const r: Doc = { ownerId: "u1", status: row.state, filedBy: null };
      const v = docRules.check(a, row.action, r, {});
      expect(v.ok ? "ok" : v.reason, JSON.stringify(row)).toBe(row.expected);
    }
  });
  it("an action may name its own refused code, chosen by state", () => {
    const lockable = defineRules({
      record: "doc",
      parties: { owner: (a, r: Doc) => a.userId === r.ownerId },
      state: (r: Doc) => r.status,
      refusedCode: "class.transition_not_allowed",
      actions: {
        edit: { by: ["owner"], from: ["draft"], refusedCode: (s) => (s === "approved" ? "class.locked" : "class.not_editable") },
        submit: { by: ["owner"], from: ["draft"] },
      },
    });
    const at = (status: Doc["status"]) => ({ ownerId: "u1", status, filedBy: null });
    expect(lockable.check(actor("u1"), "edit", at("submitted"), {})).toMatchObject({ ok: false, reason: "state", code: "class.not_editable" });
    expect(lockable.check(actor("u1"), "edit", at("approved"), {})).toMatchObject({ ok: false, reason: "state", code: "class.locked" });
    expect(lockable.check(actor("u1"), "submit", at("approved"), {})).toMatchObject({ code: "class.transition_not_allowed" });
  });
});

describe("per-action refused code", () => {
  it("an action may name its own code for a wrong state; the others keep the declaration's", () => {
    const rules = defineRules({
      record: "doc",
      parties: { owner: (a, r: Doc) => a.userId === r.ownerId },
      state: (r: Doc) => r.status,
      refusedCode: "class.transition_not_allowed",
      actions: { submit: { by: ["owner"], from: ["draft"] }, edit: { by: ["owner"], from: ["draft"], refusedCode: "class.not_editable" } },
    });
    const submitted: Doc = { ownerId: "u1", status: "submitted", filedBy: null };
    expect(rules.check(actor("u1"), "edit", submitted, {})).toMatchObject({ ok: false, reason: "state", code: "class.not_editable" });
    expect(rules.check(actor("u1"), "submit", submitted, {})).toMatchObject({ ok: false, reason: "state", code: "class.transition_not_allowed" });
  });
});
