import { PrinterOutlined } from "@ant-design/icons";
import { Alert, App, Button, Modal, Popconfirm, Table } from "antd";
import { useState } from "react";
import { errorText } from "../../app/error-messages.ts";
import { type TraineeAccount, useTraineeAccounts } from "./classes.api.ts";

/**
 * 开通学员账号: creates logins for the enrolled trainees. The initial passwords come back only this
 * once, so they are shown in a printable table and never again.
 */
export function AccountsButton({ classId, names }: { classId: string; names: ReadonlyMap<string, string> }) {
  const { message } = App.useApp();
  const m = useTraineeAccounts(classId);
  const [shown, setShown] = useState<TraineeAccount[] | null>(null);
  return (
    <>
      <Popconfirm
        title="为本班学员开通账号？"
        description="已有账号的学员不会重置密码。"
        okText="开通"
        onConfirm={() =>
          m.mutateAsync(undefined).then(
            (r) => setShown(r.items),
            (e: unknown) => message.error(errorText(e)),
          )
        }
      >
        <Button loading={m.isPending}>开通学员账号</Button>
      </Popconfirm>
      {shown && (
        <Modal
          open
          title="学员账号与初始密码"
          width={{ xs: "100%", md: 640 }}
          closable={false}
          mask={{ closable: false }}
          keyboard={false}
          footer={[
            <Button key="p" icon={<PrinterOutlined />} onClick={() => window.print()}>
              打印
            </Button>,
            <Button key="ok" type="primary" onClick={() => setShown(null)}>
              我已记录
            </Button>,
          ]}
        >
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="初始密码只显示这一次，关闭后无法再次查看。请打印或抄录后当面交给学员；学员首次登录须修改密码。" />
          <div className="print-area">
            <Table
              size="small"
              rowKey="personId"
              pagination={false}
              dataSource={shown}
              columns={[
                { title: "学员", dataIndex: "personId", render: (v: string) => names.get(v) ?? "—" },
                { title: "用户名", dataIndex: "username" },
                { title: "初始密码", dataIndex: "temporaryPassword", render: (v: string | null) => (v ? <code data-testid="initial-password">{v}</code> : "已有账号（未重置）") },
              ]}
            />
          </div>
        </Modal>
      )}
    </>
  );
}
