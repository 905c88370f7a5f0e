import { Button, Form, Space } from "antd";

/**
 * 查询 / 重置 buttons of a filter form. `besideFields`: the buttons share a row with labelled
 * fields, so an empty label keeps them level with the inputs; stacked (on a phone) they need none.
 */
export function FilterActions({ onReset, besideFields }: { onReset: () => void; besideFields: boolean }) {
  return (
    <Form.Item label={besideFields ? " " : undefined} colon={false}>
      <Space>
        <Button type="primary" htmlType="submit">
          查询
        </Button>
        <Button onClick={onReset}>重置</Button>
      </Space>
    </Form.Item>
  );
}
