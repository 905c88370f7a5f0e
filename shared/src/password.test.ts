import { describe, expect, it } from "vitest";
import { isCommonPassword, passwordProblems } from "./password.ts";

describe("common passwords dressed up to pass the class rule", () => {
  it.each([
    "Password1!",
    "P@ssw0rd",
    "P@ssw0rd2026!",
    "Passw0rd!2026",
    "Qwerty123!",
    "Admin@123",
    "Administrator1!",
    "123456Aa!",
    "Aa123456!",
    "Abc@123456",
    "Abcd1234!",
    "Asdfgh123!",
    "1qaz@WSX",
    "1qaz2wsx#EDC",
    "Woaini1314!",
    "Welcome123!",
    "Jilin2026!",
    "Changchun@2026",
    "Iloveyou520!",
    "Zxcvbnm,./1",
    "Aaaaaaaa1!",
    "Abab1234!!",
    "Mima@123456",
    "Passwordpassword1!",
  ])("%s is common", (pw) => {
    expect(isCommonPassword(pw)).toBe(true);
    if (pw.length >= 10) expect(passwordProblems(pw).some((p) => p.includes("过于常见"))).toBe(true);
  });

  it.each(["Test-Passw0rd!", "Nanguan-2026!x", "Jigong-2026!ok", "Another-Pass1!", "Renewed-Pass-2026!", "83#$92!@x4K", "Hq7!vR2p#Lm", "Blue-Kettle-73!", "Tzq8#Yb2!wMx"])("%s is not flagged", (pw) => {
    expect(isCommonPassword(pw)).toBe(false);
  });

  it("keeps the other rules' answers alongside", () => {
    expect(passwordProblems("Password1!", { username: "password" })).toEqual(
      expect.arrayContaining(["密码不能包含用户名", expect.stringContaining("过于常见")]),
    );
    expect(passwordProblems("Blue-Kettle-73!")).toEqual([]);
  });
});
