import { SafetyCertificateOutlined } from "@ant-design/icons";
import { Alert, Card, Descriptions, Empty, Space, Tag, Typography } from "antd";
import { certificateStatus, skillLevelLabels } from "../../app/status.ts";
import { errorText } from "../../app/error-messages.ts";
import { certificateTypeLabel, verifyPath } from "./labels.ts";
import { useMyClasses } from "./my.api.ts";
import { WARNING_TEXT } from "../../app/colors.ts";

/** 我的证书: certificates of all the trainee's classes, each with its public verification link. */
export function CertificatesPage() {
  const classes = useMyClasses();
  const certs = (classes.data?.items ?? []).flatMap((c) => c.certificates.map((cert) => ({ cert, cls: c.class })));
  return (
    <>
      <div className="m-title">我的证书</div>
      {classes.isError && <Alert type="error" showIcon title={errorText(classes.error)} />}
      {classes.isPending && <Card loading />}
      {classes.data && certs.length === 0 && (
        <Card>
          <Empty description="暂无证书。考核合格后，证书会显示在这里。" />
        </Card>
      )}
      <Space orientation="vertical" size={12} style={{ width: "100%" }}>
        {certs.map(({ cert, cls }) => {
          const link = `${window.location.origin}${verifyPath(cert.verifyToken)}`;
          return (
            <Card
              key={cert.id}
              size="small"
              title={
                <span>
                  <SafetyCertificateOutlined style={{ color: WARNING_TEXT }} /> {certificateTypeLabel[cert.type] ?? cert.type}
                </span>
              }
              extra={<Tag color={certificateStatus[cert.status].color}>{certificateStatus[cert.status].text}</Tag>}
            >
              <Descriptions
                column={1}
                size="small"
                items={[
                  { key: "n", label: "证书编号", children: cert.number },
                  { key: "o", label: "职业（工种）", children: `${cls.occupationName ?? "—"}${cert.level ? ` · ${skillLevelLabels[cert.level] ?? cert.level}` : ""}` },
                  { key: "d", label: "发证日期", children: cert.issueDate },
                  { key: "c", label: "培训班", children: cls.title },
                ]}
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                查验链接（可发给用人单位核验）：
              </Typography.Text>
              <Typography.Paragraph copyable={{ text: link, tooltips: ["复制链接", "已复制"] }} style={{ marginBottom: 0, wordBreak: "break-all" }}>
                <a href={verifyPath(cert.verifyToken)} target="_blank" rel="noreferrer">
                  {link}
                </a>
              </Typography.Paragraph>
            </Card>
          );
        })}
      </Space>
    </>
  );
}
