import { describe, expect, it } from "vitest";
import { passwordProblems } from "../../../../shared/src/password.ts";
import { passwordChecklist } from "./password-checklist.ts";

const okCount = (pw: string) => passwordChecklist(pw, "zhang.san").filter((i) => i.ok).length;

describe("password checklist", () => {
  it("ticks every rule exactly when the server's rule accepts the password", () => {
    for (const pw of ["Abcdefgh1!", "abc", "abcdefghijk", "Zhang.San-2026x", "ABCDEFGH12", "短密码Aa1", "Password1!", "Kettle-Blue-73!"]) {
      const allOk = okCount(pw) === 4;
      expect(allOk, pw).toBe(passwordProblems(pw, { username: "zhang.san" }).length === 0);
    }
  });

  it("shows which rule is broken", () => {
    expect(passwordChecklist("abcdefghijk", "u1").map((i) => i.ok)).toEqual([true, false, true, false]); // an alphabet run is common too
    expect(passwordChecklist("Zhang.San-2026x", "zhang.san").map((i) => i.ok)).toEqual([true, true, false, true]);
    expect(passwordChecklist("Password1!", "u1").map((i) => i.ok)).toEqual([true, true, true, false]);
    expect(passwordChecklist("", "u1").every((i) => !i.ok)).toBe(true);
  });
});
