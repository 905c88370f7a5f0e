/** Escapes `\`, `%` and `_` so user text is matched literally inside a LIKE / ILIKE pattern. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
