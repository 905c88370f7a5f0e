/**
 * 告知承诺书: the text an institution signs in the system before it may submit a claim. The signed
 * version id and the SHA-256 of the exact text are stored with the claim, so a later change of the
 * wording never changes what was signed. A new wording is a new entry here (never an edit).
 */
import { createHash } from "node:crypto";

export interface CommitmentText {
  version: string;
  text: string;
  hash: string;
}

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

const texts = [
  {
    version: "jl-claim-commitment-2019-1",
    text: [
      "本单位承诺：",
      "一、本次申领的培训班、学员、出勤、考核和证书信息真实、完整，均为实际发生；",
      "二、未以虚构学员、虚假考勤、冒名顶替、重复申领等方式骗取、套取补贴资金；",
      "三、已知晓补贴申领将经县级初审、市级复审并向社会公示，同意接受监督检查；",
      "四、如有不实，本单位自愿退回已领取的补贴资金，并承担相应法律责任和失信惩戒。",
    ].join("\n"),
  },
] as const;

export const commitmentTexts: readonly CommitmentText[] = texts.map((t) => ({ ...t, hash: sha256(t.text) }));

/** The text in force: the one the console shows and a signature must match. */
export const currentCommitment: CommitmentText = commitmentTexts[commitmentTexts.length - 1]!;

/**
 * 个人告知承诺: what the insured person signs on the phone when filing a skill-upgrading claim (the
 * same rule: a new wording is a new entry, never an edit).
 */
const personTexts = [
  {
    version: "jl-person-commitment-2019-1",
    text: [
      "本人承诺：",
      "一、所提交的证书为本人通过职业技能培训或评价取得，信息真实；",
      "二、本人参加失业保险的情况属实，同意人社部门核验参保记录；",
      "三、本证书未享受过培训补贴，不重复申领；",
      "四、如有不实，本人自愿退回已领取的补贴资金，并承担相应法律责任。",
    ].join("\n"),
  },
] as const;

export const personCommitmentTexts: readonly CommitmentText[] = personTexts.map((t) => ({ ...t, hash: sha256(t.text) }));

/** The personal commitment text in force (skill-upgrading claims). */
export const currentPersonCommitment: CommitmentText = personCommitmentTexts[personCommitmentTexts.length - 1]!;
