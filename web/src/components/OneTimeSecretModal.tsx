import { Alert, Button, Modal, Typography } from "antd";
import type { ReactNode } from "react";

interface Props {
  open: boolean;
  title: string;
  /** what the secret is for, e.g. the account it opens */
  description: ReactNode;
  secret: string;
  onClose: () => void;
}

/** Shows a secret (a temporary password) the server returns only once, with a copy button. */
export function OneTimeSecretModal({ open, title, description, secret, onClose }: Props) {
  return (
    <Modal
      open={open}
      title={title}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose}>
          我已记录
        </Button>
      }
    >
      <div style={{ marginBottom: 12 }}>{description}</div>
      <div style={{ background: "#f5f7fa", border: "1px dashed #adc6e8", borderRadius: 4, padding: "12px 16px", marginBottom: 12, textAlign: "center" }}>
        <Typography.Text code copyable={{ text: secret, tooltips: ["复制", "已复制"] }} style={{ fontSize: 20, letterSpacing: 1 }} data-testid="one-time-secret">
          {secret}
        </Typography.Text>
      </div>
      <Alert type="warning" showIcon title="此密码只显示这一次，关闭后无法再次查看。请通过安全方式告知本人；对方首次登录时必须修改密码。" />
    </Modal>
  );
}
