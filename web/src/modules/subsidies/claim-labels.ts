import type { ClaimView } from "../../../../shared/src/contracts/subsidies.ts";

export const claimStatusLabels: Record<ClaimView["status"], { label: string; color: string }> = {
  draft: { label: "草稿", color: "default" },
  submitted: { label: "待县级初审", color: "processing" },
  county_approved: { label: "待市级复审", color: "processing" },
  approved: { label: "审核通过", color: "success" },
  returned: { label: "已退回", color: "warning" },
};

export const payeeTypeLabels: Record<ClaimView["lines"][number]["payee"]["type"], string> = { institution: "培训机构", enterprise: "企业", person: "个人" };
