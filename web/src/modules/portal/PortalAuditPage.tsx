import { Alert, Card, Descriptions, Result, Space, Spin, Table, Typography } from "antd";
import { errorText } from "../../app/error-messages.ts";
import { formatDateTime } from "../../app/format.ts";
import { usePublicAuditAnchors } from "./portal.api.ts";

const ANCHORS_URL = "/api/public/audit/anchors";

/**
 * 操作日志签名公示: the platform's audit log is a hash chain whose head is signed at intervals with
 * a key the database never holds. Publishing the heads lets anyone keep a copy; a later rewrite of
 * the log (or of the stored heads) no longer matches what was published.
 */
export function PortalAuditPage() {
  const q = usePublicAuditAnchors();
  if (q.isPending) return <Spin />;
  if (q.isError) return <Result status="warning" title={errorText(q.error)} />;
  const { latest, daily, keys } = q.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Typography.Title level={1} style={{ margin: 0 }}>
        操作日志签名公示
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        平台的每一次数据变更都记入操作日志，日志逐条以哈希相连；平台定期用不存放在数据库中的私钥对最新一条（链头）签名并在此公布。任何人都可以保存这些签名链头，日后若日志被改动或删除，核验（npm run audit:verify -- --anchors 保存的文件）即会发现不一致。
      </Typography.Paragraph>
      {latest ? (
        <Card size="small" title="最新签名链头">
          <Descriptions size="small" column={1}>
            <Descriptions.Item label="签名时间">{formatDateTime(latest.at, true)}</Descriptions.Item>
            <Descriptions.Item label="日志序号">{latest.seq}</Descriptions.Item>
            <Descriptions.Item label="链头哈希">
              <Typography.Text code copyable style={{ wordBreak: "break-all" }}>
                {latest.hash}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="签名">
              <Typography.Text code copyable style={{ wordBreak: "break-all" }}>
                {latest.signature}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="公钥编号">{latest.keyId}</Descriptions.Item>
          </Descriptions>
        </Card>
      ) : (
        <Alert type="info" showIcon title="尚无签名链头" />
      )}
      <Card size="small" title="近 31 天每日最后的签名链头">
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={daily}
          locale={{ emptyText: "暂无" }}
          scroll={{ x: true }}
          columns={[
            { title: "签名时间", dataIndex: "at", render: (v: string) => formatDateTime(v, true), width: 170 },
            { title: "日志序号", dataIndex: "seq", width: 100 },
            { title: "链头哈希", dataIndex: "hash", render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          ]}
        />
      </Card>
      <Card size="small" title="签名公钥（Ed25519）">
        {keys.map((k) => (
          <div key={k.keyId}>
            <Typography.Text type="secondary">编号 {k.keyId}</Typography.Text>
            <Typography.Paragraph copyable code style={{ whiteSpace: "pre-wrap", marginTop: 4 }}>
              {k.publicKey.trim()}
            </Typography.Paragraph>
          </div>
        ))}
        <Typography.Paragraph style={{ margin: 0 }}>
          全部签名链头（JSON，可直接用于核验）：<a href={`${ANCHORS_URL}?limit=5000`}>{ANCHORS_URL}</a>
        </Typography.Paragraph>
      </Card>
    </Space>
  );
}
