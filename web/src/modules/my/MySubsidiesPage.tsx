import { Alert, Button, Card, Checkbox, Descriptions, Empty, Radio, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { claimSubsidyTypeLabels } from "../../../../shared/src/contracts/subsidies.ts";
import { errorText } from "../../app/error-messages.ts";
import { formatFen } from "../../app/money.ts";
import { mySubsidyStatus, skillLevelLabels } from "../../app/status.ts";
import { certificateTypeLabel } from "./labels.ts";
import { type MySubsidies, useFileSkillUpgrading, useMySubsidies } from "./my.api.ts";

type Line = MySubsidies["lines"][number];

const payeeText = (l: Line) => (l.payeeType === "person" ? "发放给本人" : `发放给 ${l.payeeName}`);

function LineCard({ line }: { line: Line }) {
  const s = mySubsidyStatus[line.status];
  return (
    <Card size="small" title={claimSubsidyTypeLabels[line.subsidyType]} extra={<Tag color={s.color}>{s.text}</Tag>}>
      <div style={{ fontSize: 20, fontWeight: 600 }}>{line.status === "ineligible" ? "—" : formatFen(line.amountFen)}</div>
      <div style={{ color: "#595959" }}>{line.classTitle ?? (line.certificateNumber ? `证书 ${line.certificateNumber}` : "")}</div>
      <div style={{ color: "#595959" }}>{payeeText(line)}</div>
      <div style={{ marginTop: 6, padding: 8, background: line.status === "ineligible" ? "#fff1f0" : "#f5f5f5", borderRadius: 6 }}>{line.reason}</div>
    </Card>
  );
}

function CertificateText({ c }: { c: MySubsidies["certificates"][number] }) {
  return (
    <>
      <div>
        {certificateTypeLabel[c.type] ?? c.type}
        {c.level ? ` · ${skillLevelLabels[c.level] ?? c.level}` : ""}
      </div>
      <div style={{ color: "#595959", fontSize: 13 }}>
        {c.occupationName ?? ""} {c.number} · {c.issueDate}
      </div>
    </>
  );
}

/** The skill-upgrading claim: pick a certificate, read and accept the personal commitment, file. */
function SkillUpgradingForm({ data }: { data: MySubsidies }) {
  const file = useFileSkillUpgrading();
  const open = data.certificates.filter((c) => c.blockedReason === null);
  const [certificateId, setCertificateId] = useState<string | undefined>(undefined);
  const [agreed, setAgreed] = useState(false);
  const chosen = certificateId ?? (open.length === 1 ? open[0]!.id : undefined);
  return (
    <Card size="small" title="申领技能提升补贴">
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        参加失业保险满 12 个月、取得五级/四级/三级证书 12 个月内，可申领 1000/1500/2000 元（失业保险基金支付，发放到本人社保卡）。同一证书已享受培训补贴的，不能再申领。
      </Typography.Paragraph>
      {data.certificates.length === 0 && <Empty description="暂无证书" />}
      {open.length > 0 && (
        <Radio.Group value={chosen} onChange={(e) => setCertificateId(e.target.value as string)} style={{ width: "100%" }}>
          <Space orientation="vertical" style={{ width: "100%" }}>
            {open.map((c) => (
              <Radio key={c.id} value={c.id}>
                <CertificateText c={c} />
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      )}
      {/* certificates that cannot be claimed are listed with the reason, not as greyed-out choices */}
      {data.certificates
        .filter((c) => c.blockedReason !== null)
        .map((c) => (
          <div key={c.id} style={{ marginTop: 8, paddingLeft: 8, borderLeft: "3px solid #d9d9d9" }}>
            <CertificateText c={c} />
            <div style={{ color: "#a8071a", fontSize: 13 }}>{c.blockedReason}</div>
          </div>
        ))}
      {open.length > 0 && (
        <>
          <Typography.Paragraph style={{ whiteSpace: "pre-line", background: "#fafafa", padding: 8, borderRadius: 6, marginTop: 12, fontSize: 13 }}>{data.commitment.text}</Typography.Paragraph>
          <Checkbox checked={agreed} onChange={(e) => setAgreed(e.target.checked)}>
            我已阅读并签署以上承诺
          </Checkbox>
          {file.isError && <Alert style={{ marginTop: 8 }} type="error" showIcon title={errorText(file.error)} />}
          {file.data && (
            <Alert style={{ marginTop: 8 }} type="success" showIcon title="已提交，等待县级人社部门核验参保月数并审核" />
          )}
          <Button
            type="primary"
            block
            style={{ marginTop: 12 }}
            disabled={!chosen || !agreed}
            loading={file.isPending}
            onClick={() => chosen && file.mutate({ certificateId: chosen, textVersion: data.commitment.version, textHash: data.commitment.hash }, { onSuccess: () => setAgreed(false) })}
          >
            提交申领
          </Button>
        </>
      )}
    </Card>
  );
}

/** 我的补贴: every subsidy line of the trainee with its status and reason, and the skill-upgrading claim. */
export function MySubsidiesPage() {
  const q = useMySubsidies();
  return (
    <>
      <div className="m-title">我的补贴</div>
      {q.isError && <Alert type="error" showIcon title={errorText(q.error)} />}
      {q.isPending && <Card loading />}
      {q.data && (
        <Space orientation="vertical" size={12} style={{ width: "100%" }}>
          {q.data.lines.length === 0 && (
            <Card>
              <Empty description="暂无补贴记录。培训机构申领或您本人申领后，会显示在这里。" />
            </Card>
          )}
          {q.data.lines.map((l) => (
            <LineCard key={l.id} line={l} />
          ))}
          <SkillUpgradingForm data={q.data} />
          <Descriptions
            size="small"
            column={1}
            items={[{ key: "p", label: "说明", children: "补贴经县级初审、市级复审并公示 5 个工作日后拨付；公示期间如有异议，相关明细暂缓发放。" }]}
          />
        </Space>
      )}
    </>
  );
}
