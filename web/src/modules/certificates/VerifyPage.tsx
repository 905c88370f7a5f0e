import { CheckCircleFilled, CloseCircleFilled, SafetyCertificateOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Descriptions, Form, Input, Spin, Typography } from "antd";
import { useState } from "react";
import { Link, useParams } from "react-router";
import type { z } from "zod";
import type { publicCertificateView } from "../../../../shared/src/contracts/classes.ts";
import { api } from "../../app/api-client.ts";
import { errorText } from "../../app/error-messages.ts";
import { ERROR_TEXT, ON_DARK_MUTED, ON_DARK_TEXT, SUCCESS_TEXT } from "../../app/colors.ts";

type PublicCertificate = z.infer<typeof publicCertificateView>;

const certTypes: Record<string, string> = {
  vocational_qualification: "职业资格证书",
  skill_level: "职业技能等级证书",
  special_ability: "专项职业能力证书",
  training_completion: "培训合格证书",
  special_operation: "特种作业操作证",
};
const levels: Record<string, string> = { "5": "五级/初级工", "4": "四级/中级工", "3": "三级/高级工", "2": "二级/技师", "1": "一级/高级技师" };

export const verifyKeys = {
  byNumber: (number: string, name: string) => ["public", "certificate", number, name] as const,
  byToken: (token: string) => ["public", "certificate", "token", token] as const,
};

/** 证书查询: anyone checks a certificate by number and name, or by the QR link (/verify/:token). No login. */
export function VerifyPage() {
  const { token } = useParams();
  const [asked, setAsked] = useState<{ number: string; name: string } | null>(null);
  const byToken = useQuery({ queryKey: verifyKeys.byToken(token ?? ""), queryFn: ({ signal }) => api.get<PublicCertificate>(`/api/public/certificates/${token}`, undefined, signal), enabled: !!token, retry: false });
  const byNumber = useQuery({
    queryKey: verifyKeys.byNumber(asked?.number ?? "", asked?.name ?? ""),
    queryFn: ({ signal }) => api.get<PublicCertificate>("/api/public/certificates/verify", asked!, signal),
    enabled: !!asked,
    retry: false,
  });
  const q = token ? byToken : byNumber;
  return (
    <div style={{ minHeight: "100vh", background: "linear-gradient(160deg, #0b2f5a 0%, #1f5fad 100%)", padding: "24px 12px" }}>
      <div style={{ maxWidth: 560, margin: "0 auto" }}>
        <Typography.Title level={1} style={{ color: ON_DARK_TEXT, textAlign: "center", fontSize: "clamp(18px, 5vw, 24px)" }}>
          <SafetyCertificateOutlined /> 职业技能培训证书查询
        </Typography.Title>
        {!token && (
          <Card size="small" style={{ marginBottom: 16 }}>
            <Form layout="vertical" name="verify" onFinish={(v: { number: string; name: string }) => setAsked({ number: v.number.trim(), name: v.name.trim() })}>
              <Form.Item name="number" label="证书编号" rules={[{ required: true, whitespace: true, message: "请输入证书编号" }]}>
                <Input maxLength={40} autoComplete="off" />
              </Form.Item>
              <Form.Item name="name" label="持证人姓名" rules={[{ required: true, whitespace: true, message: "请输入持证人姓名" }]}>
                <Input maxLength={50} autoComplete="off" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block size="large" loading={q.isFetching}>
                查询
              </Button>
            </Form>
          </Card>
        )}
        {q.isFetching && !q.data && <Spin style={{ display: "block", margin: 24 }} />}
        {q.isError && <Alert type="error" showIcon title={errorText(q.error)} />}
        {q.data && <Result c={q.data} />}
        <div style={{ textAlign: "center", marginTop: 24 }}>
          <Link to="/login" style={{ color: ON_DARK_MUTED }}>
            平台登录
          </Link>
        </div>
      </div>
    </div>
  );
}

function Result({ c }: { c: PublicCertificate }) {
  const valid = c.status === "valid";
  return (
    <Card size="small" data-testid="verify-result" style={{ borderTop: `6px solid ${valid ? "#52c41a" : "#ff4d4f"}` }}>
      <div style={{ textAlign: "center", padding: "8px 0 16px" }}>
        {valid ? <CheckCircleFilled style={{ fontSize: 48, color: SUCCESS_TEXT }} /> : <CloseCircleFilled style={{ fontSize: 48, color: ERROR_TEXT }} />}
        <Typography.Title level={4} style={{ margin: "8px 0 0", color: valid ? SUCCESS_TEXT : ERROR_TEXT }}>
          {valid ? "证书有效" : "证书已撤销"}
        </Typography.Title>
      </div>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label="持证人">{c.holderName}</Descriptions.Item>
        <Descriptions.Item label="身份证号">{c.idNumberMasked}</Descriptions.Item>
        <Descriptions.Item label="证书类型">{certTypes[c.certificateType] ?? c.certificateType}</Descriptions.Item>
        <Descriptions.Item label="职业（工种）">{c.occupation ?? "—"}</Descriptions.Item>
        <Descriptions.Item label="等级">{c.level ? (levels[c.level] ?? c.level) : "—"}</Descriptions.Item>
        <Descriptions.Item label="证书编号">{c.number}</Descriptions.Item>
        <Descriptions.Item label="发证机构">{c.issuerName}</Descriptions.Item>
        <Descriptions.Item label="发证日期">{c.issueDate}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
