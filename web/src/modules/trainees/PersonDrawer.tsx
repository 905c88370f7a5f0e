import { EyeOutlined } from "@ant-design/icons";
import { Alert, App, Button, Descriptions, Drawer, Space, Spin, Tag, Typography } from "antd";
import { useState } from "react";
import { educationCodes, type exclusionKinds } from "../../../../shared/src/contracts/trainees.ts";
import { errorText } from "../../app/error-messages.ts";
import { useReference } from "../reference/reference.api.ts";
import { usePerson, useResetTraineePassword, useRevealIdNumber } from "./trainees.api.ts";
import { SECONDARY_TEXT } from "../../app/colors.ts";

const exclusionLabels: Record<(typeof exclusionKinds)[number], string> = { public_payroll: "在编人员", pensioner: "领取养老金", student: "全日制在校生" };
const evidenceLabels = { registry_match: "名册比对", commitment: "承诺书" } as const;

/** A person: masked ID (full number only with permission, audited), categories with evidence, warnings. */
export function PersonDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const q = usePerson(id);
  const ref = useReference();
  const reveal = useRevealIdNumber();
  const reset = useResetTraineePassword();
  const [code, setCode] = useState<string | null>(null);
  const { message } = App.useApp();
  const [full, setFull] = useState<string | null>(null);
  const cat = (code: string) => ref.data?.codes.trainee_category?.find((c) => c.code === code)?.name ?? code;
  const p = q.data;
  return (
    <Drawer open title={p ? `学员：${p.name}` : "学员"} size={520} onClose={onClose}>
      {q.isError && <Alert type="error" showIcon title={errorText(q.error)} />}
      {!p ? (
        <Spin />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: "100%" }}>
          {p.warnings.map((w) => (
            <Alert key={w.code} type="warning" showIcon title={w.message} />
          ))}
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="姓名">{p.name}</Descriptions.Item>
            <Descriptions.Item label="身份证号">
              <Space wrap>
                <Typography.Text data-testid="person-id-number">{full ?? p.idNumberMasked}</Typography.Text>
                {p.abilities.viewIdNumber && !full && (
                  <Button
                    size="small"
                    icon={<EyeOutlined />}
                    loading={reveal.isPending}
                    onClick={() => reveal.mutateAsync(p.id).then((r) => setFull(r.idNumber), (e: unknown) => message.error(errorText(e)))}
                  >
                    查看完整证件号
                  </Button>
                )}
              </Space>
              {full && <div style={{ color: SECONDARY_TEXT, fontSize: 12 }}>本次查看已记入操作日志</div>}
            </Descriptions.Item>
            <Descriptions.Item label="性别">{p.gender === "male" ? "男" : "女"}</Descriptions.Item>
            {/* the year only: the exact date is part of the full number, whose reveal is logged */}
            <Descriptions.Item label="出生年份">{p.birthYear} 年</Descriptions.Item>
            <Descriptions.Item label="手机号">{p.phone ?? "—"}</Descriptions.Item>
            <Descriptions.Item label="居住地">{p.residenceRegionName}</Descriptions.Item>
            <Descriptions.Item label="文化程度">{p.education ? (educationCodes[p.education as keyof typeof educationCodes] ?? p.education) : "—"}</Descriptions.Item>
            <Descriptions.Item label="工作单位">{p.employerName ?? "—"}</Descriptions.Item>
            <Descriptions.Item label="学员账号">
              <Space wrap>
                {p.hasAccount ? "已开通（可用身份证号或手机号登录）" : "未开通"}
                {p.abilities.resetPassword && (
                  <Button
                    size="small"
                    loading={reset.isPending}
                    onClick={() =>
                      reset.mutate(p.id, {
                        onSuccess: (r) => setCode(r.oneTimeCode),
                        onError: (e) => message.error(errorText(e)),
                      })
                    }
                  >
                    重置密码
                  </Button>
                )}
              </Space>
              {code && (
                <Alert
                  style={{ marginTop: 8 }}
                  type="success"
                  showIcon
                  title={
                    <span>
                      一次性登录码：<Typography.Text copyable strong data-testid="one-time-code">{code}</Typography.Text>
                    </span>
                  }
                  description="只显示这一次，请当面交给学员；学员用身份证号和此码登录后须立即修改密码。"
                />
              )}
            </Descriptions.Item>
          </Descriptions>
          <div>
            <Typography.Title level={5}>人员类别</Typography.Title>
            {p.categories.length === 0 && <Typography.Text type="secondary">未登记类别</Typography.Text>}
            {p.categories.map((c) => (
              <div key={c.code} style={{ marginBottom: 6 }}>
                <Tag color={c.code === p.primaryCategory ? "blue" : undefined}>{cat(c.code)}</Tag>
                <Typography.Text type="secondary">
                  {evidenceLabels[c.evidenceType]}：{c.evidenceRef ?? "（敏感信息，无权查看）"}，{c.evidenceDate}
                </Typography.Text>
              </div>
            ))}
          </div>
          {p.exclusions.length > 0 && (
            <div>
              <Typography.Title level={5}>排除情形</Typography.Title>
              {p.exclusions.map((x) => (
                <div key={x.kind}>
                  <Tag color="red">{exclusionLabels[x.kind]}</Tag> {x.source}（{x.recordedOn}）
                </div>
              ))}
            </div>
          )}
        </Space>
      )}
    </Drawer>
  );
}
