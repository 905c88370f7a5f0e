/** Staff password rule: at least 10 characters from at least 3 of 4 classes. Returns problems (empty = ok). */
export function passwordProblems(pw: string, opts: { username?: string } = {}): string[] {
  const problems: string[] = [];
  if (pw.length < 10) problems.push("密码至少 10 位");
  if (pw.length > 128) problems.push("密码最多 128 位");
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(pw)).length;
  if (classes < 3) problems.push("密码须包含大写字母、小写字母、数字、符号中的至少三类");
  if (opts.username && pw.toLowerCase().includes(opts.username.toLowerCase())) problems.push("密码不能包含用户名");
  return problems;
}
