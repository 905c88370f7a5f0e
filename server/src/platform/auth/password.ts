import { randomInt } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

/** argon2id (the library's default algorithm) with OWASP's minimum parameters. */
export function hashPassword(pw: string): Promise<string> {
  return hash(pw, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

export async function verifyPassword(stored: string, pw: string): Promise<boolean> {
  try {
    return await verify(stored, pw);
  } catch {
    return false;
  }
}

/** A dummy hash so an unknown username costs the same time as a wrong password. */
let dummy: Promise<string> | undefined;
export async function burnPasswordTime(pw: string): Promise<void> {
  dummy ??= hashPassword("dummy-password-Aa1!");
  await verifyPassword(await dummy, pw);
}

/** A random password that satisfies the staff rule (for generated initial passwords). */
/**
 * A one-time code an officer reads out to a person: 12 characters in groups of four (K7QM-4XPD-9RTA),
 * capitals and digits without look-alikes (no O/0, I/1/L), ≈ 59 bits; login rate limits do the rest.
 */
export function generateReadableCode(groups = 3): string {
  const alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  return Array.from({ length: groups }, () => Array.from({ length: 4 }, () => alphabet[randomInt(alphabet.length)]!).join("")).join("-");
}

export function generatePassword(length = 14): string {
  const sets = ["abcdefghijkmnpqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "!@#$%^&*-_+="];
  const all = sets.join("");
  const chars = sets.map((s) => s[randomInt(s.length)]!);
  while (chars.length < length) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}
