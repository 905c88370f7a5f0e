/**
 * GB/T 2260 codes nest by prefix: 220000 (province) covers 22xxxx, 220100 (city) covers 2201xx,
 * a county code covers itself. Scope filters are one `LIKE prefix%`.
 */
export function regionPrefix(code: string): string {
  if (!/^\d{6}$/.test(code)) throw new Error(`not a region code: ${code}`);
  if (code.endsWith("0000")) return code.slice(0, 2);
  if (code.endsWith("00")) return code.slice(0, 4);
  return code;
}

/** Is `code` the same as, or under, `scopeCode`? */
export function regionWithin(code: string, scopeCode: string): boolean {
  return code.startsWith(regionPrefix(scopeCode));
}

export function regionLevel(code: string): "province" | "city" | "county" {
  if (code.endsWith("0000")) return "province";
  if (code.endsWith("00")) return "city";
  return "county";
}
