/**
 * Every action the server audits has a Chinese name: reads server/src as text (production files)
 * and collects the `action:` of each audit entry — string literals, both arms of a ternary, and
 * template literals expanded from the enums they interpolate.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { auditActionLabel, auditActionLabels, auditEntityLabels } from "./audit-labels.ts";
import { classActions } from "./contracts/classes.ts";
import { transitionBody } from "./contracts/institutions.ts";

const SERVER = resolve(dirname(fileURLToPath(import.meta.url)), "../../server/src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return sources(p);
    return d.name.endsWith(".ts") && !d.name.endsWith(".test.ts") && !d.name.endsWith(".factory.ts") ? [p] : [];
  });
}

/** The templates whose interpolation is a variable, with the values it takes (from the contracts). */
const templateValues: Record<string, readonly string[]> = {
  "class.${action}": classActions,
  "institution.${input.action}": transitionBody.shape.action.options,
  "claim.${reviewAction}": ["county_approve", "county_return", "city_approve", "city_return"],
  "claim.line_${action}": ["hold", "release"],
  "notice.objection_${body.decision}": ["upheld", "dismissed"],
};

/** Every action an `action:` expression can produce; unknown templates are reported, not skipped. */
export function actionsIn(src: string): { actions: string[]; unknownTemplates: string[] } {
  const actions: string[] = [];
  const unknownTemplates: string[] = [];
  for (const m of src.matchAll(/\baction:\s*([^\n]*)/g)) {
    // the expression ends at the first comma outside a template's ${…}
    const rest = m[1]!;
    let expr = "";
    let depth = 0;
    for (const ch of rest) {
      if (ch === "{") depth++;
      if (ch === "}") {
        if (depth === 0) break;
        depth--;
      }
      if (ch === "," && depth === 0) break;
      expr += ch;
    }
    for (const t of expr.matchAll(/`([^`]*)`/g)) {
      const text = t[1]!;
      const inner = /\$\{([^}]*)\}/.exec(text);
      if (!inner) {
        actions.push(text);
        continue;
      }
      // a ternary's two results, not the value it compares with
      const ternary = /\?\s*"([a-z_]+)"\s*:\s*"([a-z_]+)"/.exec(inner[1]!);
      const arms = ternary ? [ternary[1]!, ternary[2]!] : [];
      const values = templateValues[text] ?? (arms.length ? arms : null);
      if (!values) unknownTemplates.push(text);
      else for (const v of values) actions.push(text.replace(inner[0], v));
    }
    for (const l of expr.replace(/`[^`]*`/g, "").matchAll(/"([a-z]+\.[a-z_]+)"/g)) actions.push(l[1]!);
  }
  return { actions: actions.filter((a) => /^[a-z]+\.[a-z_]+$/.test(a)), unknownTemplates };
}

describe("audit action names", () => {
  const files = sources(SERVER).filter((f) => readFileSync(f, "utf8").includes("audit("));
  const found = files.map((f) => actionsIn(readFileSync(f, "utf8")));
  const actions = new Set(found.flatMap((x) => x.actions));

  it("reads the actions out of the source (the scan itself works)", () => {
    expect(actions).toContain("class.created");
    expect(actions).toContain("class.approve"); // from `class.${action}`
    expect(actions).toContain("attendance.correction_rejected"); // a ternary's arm
    expect(actions).toContain("institution.qualification_proposed"); // a template's arm
    expect(actionsIn('audit(tx, ctx, c, { action: lock ? "auth.locked" : "auth.login_failed", entityType: "user" })').actions).toEqual(["auth.locked", "auth.login_failed"]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: source text
    expect(actionsIn("{ action: `x.${y}`, entityType }").unknownTemplates).toEqual(["x.${y}"]);
  });

  it("every audited action has a Chinese name (add it to shared/src/audit-labels.ts)", () => {
    expect(found.flatMap((x) => x.unknownTemplates)).toEqual([]);
    expect([...actions].filter((a) => !auditActionLabels[a]).sort()).toEqual([]);
  });

  it("every audited object type has a Chinese name", () => {
    const types = new Set(files.flatMap((f) => [...readFileSync(f, "utf8").matchAll(/entityType:\s*"([a-z_]+)"/g)].map((m) => m[1]!)));
    expect(types.size).toBeGreaterThan(10);
    expect([...types].filter((t) => !auditEntityLabels[t]).sort()).toEqual([]);
  });

  it("keeps an unknown code readable", () => {
    expect(auditActionLabel("class.approve")).toBe("通过开班申请");
    expect(auditActionLabel("payment.batched")).toBe("payment.batched");
  });
});
