/** One way to write a plan program everywhere: "K1 重点群体就业技能、技能提升和创业培训" (code and name). */
export function programText(programs: readonly { code: string; name: string }[] | undefined, code: string): string {
  const p = programs?.find((x) => x.code === code);
  return p ? `${p.code} ${p.name}` : code;
}
