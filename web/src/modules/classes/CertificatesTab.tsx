import { App, Button, Form, Input, Modal, Space, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import type { ClassView } from "../../../../shared/src/contracts/classes.ts";
import { certificateStatus } from "../../app/status.ts";
import { errorText } from "../../app/error-messages.ts";
import { applyApiErrorToForm } from "../../app/form-errors.ts";
import { can, useMe } from "../../app/session.ts";
import { certificateNumberProblem } from "./class-form.ts";
import { type CertificateView, useCertificates, useIssueCertificates, useRevokeCertificate } from "./classes.api.ts";
import { ExportButton } from "../../components/ExportButton.tsx";
import { PrinterOutlined } from "@ant-design/icons";

/** 证书: issue numbered certificates to trainees who passed, list them, revoke with a reason. */
export function CertificatesTab({ c }: { c: ClassView }) {
  const me = useMe();
  const { message } = App.useApp();
  const certs = useCertificates(c.id);
  const issue = useIssueCertificates(c.id);
  const revoke = useRevokeCertificate();
  const [form] = Form.useForm<{ certificates: { personId: string; number?: string; issueDate: string }[] }>();
  const [revoking, setRevoking] = useState<CertificateView | null>(null);
  const [reason, setReason] = useState("");
  const held = new Set((certs.data?.items ?? []).filter((x) => x.status === "valid").map((x) => x.personId));
  const waiting = c.roster.filter((e) => e.status === "enrolled" && e.result === "pass" && !held.has(e.personId));
  const today = dayjs().format("YYYY-MM-DD");

  const submit = (v: { certificates: { personId: string; number?: string; issueDate: string }[] }) => {
    // only registered fields come back from the form: the person is the row's
    const rows = v.certificates.map((r, i) => ({ ...r, personId: waiting[i]!.personId })).filter((r) => r.number?.trim());
    if (!rows.length) return message.warning("请至少填写一个证书编号");
    return issue.mutateAsync({ certificates: rows.map((r) => ({ personId: r.personId, number: r.number!.trim().toUpperCase(), issueDate: r.issueDate })) }).then(
      (r) => {
        message.success(`已发放 ${r.items.length} 本证书`);
        form.resetFields();
      },
      (e: unknown) => {
        const rest = applyApiErrorToForm(form, e);
        if (rest.length) message.error(rest.join("；"));
      },
    );
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      {c.abilities.issueCertificates && waiting.length > 0 && (
        <Form form={form} name="issue" onFinish={submit} initialValues={{ certificates: waiting.map((e) => ({ personId: e.personId, issueDate: today })) }}>
          <Typography.Title level={5}>发放证书（考核合格 {waiting.length} 人）</Typography.Title>
          <Table
            size="small"
            rowKey="personId"
            pagination={false}
            dataSource={waiting}
            scroll={{ x: 640 }}
            columns={[
              { title: "姓名", dataIndex: "name", width: 100 },
              {
                title: "证书编号",
                key: "n",
                width: 300,
                render: (_, e, i) => (
                  <Form.Item
                    name={["certificates", i, "number"]}
                    style={{ margin: 0 }}
                    rules={[{ validator: async (_r, v: string | undefined) => { const p = v?.trim() ? certificateNumberProblem(v, c.certificateType, c.skillLevel) : null; if (p) throw new Error(p); } }]}
                  >
                    <Input aria-label={`${e.name}证书编号`} placeholder={c.certificateType === "skill_level" ? "如 S000122000001264000001" : "证书编号"} maxLength={40} />
                  </Form.Item>
                ),
              },
              {
                title: "发证日期",
                key: "d",
                width: 160,
                render: (_, e, i) => (
                  <Form.Item name={["certificates", i, "issueDate"]} rules={[{ required: true, message: "请选择" }]} style={{ margin: 0 }}>
                    <Input type="date" aria-label={`${e.name}发证日期`} />
                  </Form.Item>
                ),
              },
            ]}
          />
          <Button type="primary" htmlType="submit" loading={issue.isPending} style={{ marginTop: 12 }}>
            发放证书
          </Button>
        </Form>
      )}
      <Space wrap style={{ width: "100%", justifyContent: "space-between" }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          已发证书
        </Typography.Title>
        <Space wrap>
          <Button icon={<PrinterOutlined />} href={`/classes/${c.id}/print/roster`} target="_blank">
            打印结业花名册
          </Button>
          <ExportButton path={`/api/classes/${c.id}/certificates/export`} label="导出证书" />
        </Space>
      </Space>
      <Table<CertificateView>
        size="small"
        rowKey="id"
        loading={certs.isLoading}
        dataSource={certs.data?.items ?? []}
        pagination={false}
        scroll={{ x: 760 }}
        locale={{ emptyText: "尚未发证" }}
        columns={[
          { title: "姓名", dataIndex: "name", width: 100 },
          { title: "证书编号", dataIndex: "number", width: 230, render: (v: string) => <Typography.Text copyable>{v}</Typography.Text> },
          { title: "发证日期", dataIndex: "issueDate", width: 110 },
          { title: "状态", key: "s", width: 160, render: (_, x) => (x.status === "valid" ? <Tag color={certificateStatus.valid.color}>{certificateStatus.valid.text}</Tag> : <Tag color={certificateStatus.revoked.color} title={x.revokedReason ?? ""}>{certificateStatus.revoked.text}{x.revokedReason ? `：${x.revokedReason}` : ""}</Tag>) },
          { title: "查验", key: "v", width: 90, render: (_, x) => <a href={`/verify/${x.verifyToken}`} target="_blank" rel="noreferrer">查验页</a> },
          ...(can(me.data, "certificate.revoke")
            ? [{ title: "操作", key: "a", width: 80, render: (_: unknown, x: CertificateView) => x.status === "valid" && <Button type="link" danger size="small" onClick={() => setRevoking(x)}>撤销</Button> }]
            : []),
        ]}
      />
      {revoking && (
        <Modal
          open
          title={`撤销证书 ${revoking.number}`}
          okText="撤销"
          okButtonProps={{ danger: true, disabled: !reason.trim() }}
          confirmLoading={revoke.isPending}
          onCancel={() => setRevoking(null)}
          onOk={() =>
            revoke.mutateAsync({ id: revoking.id, reason: reason.trim() }).then(
              () => {
                message.success("证书已撤销");
                setRevoking(null);
                setReason("");
              },
              (e: unknown) => message.error(errorText(e)),
            )
          }
        >
          <Input.TextArea aria-label="撤销原因" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="请说明撤销原因" maxLength={500} />
        </Modal>
      )}
    </Space>
  );
}
