/**
 * Staff password rule: at least 10 characters from at least 3 of 4 classes, not containing the
 * username, and not a common password dressed up to pass the classes (`Password1!`, `P@ssw0rd`,
 * `Qwerty123!`, `123456Aa!`, `Woaini1314!`). Returns problems (empty = ok).
 */
export function passwordProblems(pw: string, opts: { username?: string } = {}): string[] {
  const problems: string[] = [];
  if (pw.length < 10) problems.push("密码至少 10 位");
  if (pw.length > 128) problems.push("密码最多 128 位");
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(pw)).length;
  if (classes < 3) problems.push("密码须包含大写字母、小写字母、数字、符号中的至少三类");
  if (opts.username && pw.toLowerCase().includes(opts.username.toLowerCase())) problems.push("密码不能包含用户名");
  if (isCommonPassword(pw)) problems.push("密码过于常见（常用单词、键盘序列或简单数字加符号），请换一个不易猜到的密码");
  return problems;
}

/*
 * A compact stand-in for a password dictionary: people pass class rules by decorating a common
 * word with digits and symbols at either end and leetspeak inside, so the word is recovered
 * (strip the decoration, undo the leetspeak) and looked up in a short list of the base words that
 * lead the published leak lists (English and pinyin), plus keyboard runs and repeats. It should be
 * replaced by a maintained dictionary (zxcvbn-ts `@zxcvbn-ts/language-common`) once that package
 * is installed.
 */
const BASE_WORDS = new Set(
  `password passwd passw pass pwd secret letmein welcome hello hi login logon signin admin administrator
  root system sysadmin manager master super superuser user guest test tester testing demo default
  changeme change temp temporary access server oracle mysql postgres database computer internet
  qwerty qwertyuiop asdf asdfgh asdfghjkl zxcv zxcvbnm qazwsx qweasd qweasdzxc asdzxc zaq xsw
  abc abcd abcde abcdef qwe asd zxc aaa
  iloveyou loveyou love lover mylove sweet sweety sweetheart honey baby angel princess prince
  dragon monkey tiger lion eagle shadow sunshine sunny summer winter spring autumn flower
  football soccer baseball basketball hockey golf tennis player game gamer killer hunter
  superman batman spiderman ironman starwars pokemon naruto matrix ninja pirate
  michael jessica charlie jordan thomas daniel robert andrew joshua william george peter
  jennifer ashley amanda nicole michelle jasmine maggie buster ginger pepper cookie
  freedom whatever trustno nothing secret1 money dollar rich lucky happy smile friend friends
  family mother father sister brother china chinese beijing shanghai guangzhou shenzhen
  jilin changchun jilinshi siping liaoyuan tonghua baishan songyuan baicheng yanbian dongbei
  woaini aini woaiwojia wojia nihao hao haoren zhongguo zhonghua aiguo huawei xiaomi baidu taobao
  tencent weixin wechat qq qqcom tianya sina zhangsan lisi wangwu
  mima mimamima zhanghao yonghu guanli guanliyuan xitong ceshi denglu kaifa
  peixun jineng zhiye zhiyejineng renshe renshebu rensheju shebao gongzuo xuexi laoshi xuesheng
  kaoshi zhengshu danwei bumen jigou
  zhang wang liu chen yang zhao huang zhou xu sun ma zhu hu guo he gao lin luo zheng liang
  dragon1 company office work job training school student teacher college university
  welcome1 hello1 admin1 pass1 master1`
    .split(/\s+/)
    .filter(Boolean),
);

/** keyboard rows, the alphabet and the common column walk: any 4+ letters along one is a run */
const RUNS = ["qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz", "qazwsxedcrfvtgbyhnujmikolp", "1qaz2wsx3edc"];

const LEET: Record<string, string> = { "@": "a", "4": "a", "8": "b", "3": "e", "6": "g", "1": "i", "!": "i", "|": "l", "0": "o", "$": "s", "5": "s", "7": "t", "+": "t", "2": "z" };

/** digit decorations that add no real entropy: sequences, repeats, years, 520/1314-style numbers */
function weakDigits(d: string): boolean {
  if (d.length <= 4) return true;
  if ("01234567890".includes(d) || "09876543210".includes(d)) return true;
  if (/^(\d{1,3})\1+$/.test(d)) return true;
  if (/^(19|20)\d\d(0[1-9]|1[0-2])?(0[1-9]|[12]\d|3[01])?$/.test(d)) return true;
  return ["5201314", "1314520", "147258369", "123123", "112233", "123321", "159357", "147258"].includes(d);
}

function isRun(s: string): boolean {
  if (s.length < 4) return false;
  const rev = [...s].reverse().join("");
  return RUNS.some((r) => r.includes(s) || r.includes(rev));
}

/** one unit of 1–3 letters repeated (aaaa, abab, abcabc) */
const isRepeat = (s: string) => s.length >= 4 && /^(.{1,3})\1+$/.test(s);

const isCommonWord = (w: string) => BASE_WORDS.has(w) || isRun(w) || isRepeat(w) || [...BASE_WORDS].some((b) => b.length >= 4 && w === b + b);

/**
 * Is this a common password under decoration? The core is what remains after digits and symbols
 * are stripped from both ends; it is looked up as letters only and with leetspeak undone.
 */
export function isCommonPassword(pw: string): boolean {
  const lower = pw.toLowerCase();
  const core = lower.replace(/^[^a-z]+/, "").replace(/[^a-z]+$/, "");
  const decoration = lower.slice(0, lower.indexOf(core)) + lower.slice(lower.indexOf(core) + core.length);
  const candidates = [core.replace(/[^a-z]/g, ""), [...core].map((c) => LEET[c] ?? c).join("").replace(/[^a-z]/g, "")];
  if (candidates.some((c) => c.length > 0 && isCommonWord(c))) return true;
  // hardly any letters: the password is its decoration, e.g. 123456Aa! or Aa123456!
  const letters = candidates[0]!.length;
  const digits = decoration.replace(/\D/g, "");
  const symbols = decoration.replace(/[a-z0-9]/g, "");
  return letters < 4 && weakDigits(digits) && symbols.length <= 3;
}
