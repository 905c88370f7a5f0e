import { Alert, App, Button, Form, InputNumber, Select, Space, Table } from "antd";
import type { ClassView, ResultsBody } from "../../../../shared/src/contracts/classes.ts";
import { applyApiErrorToForm } from "../../app/form-errors.ts";
import { resultLabels } from "./class-labels.ts";
import { useEnterResults } from "./classes.api.ts";

type Row = { personId: string; result?: "pass" | "fail" | "absent"; score?: number | null };

/** 考核成绩: pass / fail / absent and a score per enrolled trainee; read-only once locked. */
export function ResultsTab({ c }: { c: ClassView }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ results: Row[] }>();
  const save = useEnterResults(c.id);
  const enrolled = c.roster.filter((e) => e.status === "enrolled");
  const editable = c.abilities.enterResults && !c.locked;
  const submit = (v: { results: Row[] }) =>
    save
      // only registered fields come back from the form: the person is the row's
      .mutateAsync({ results: v.results.map((r, i) => ({ personId: enrolled[i]!.personId, result: r.result!, score: r.result === "absent" ? null : (r.score ?? null) })) } as ResultsBody)
      .then(
        () => message.success("考核成绩已保存"),
        (e: unknown) => {
          const rest = applyApiErrorToForm(form, e);
          if (rest.length) message.error(rest.join("；"));
        },
      );
  return (
    <Form form={form} name="results" onFinish={submit} initialValues={{ results: enrolled.map((e) => ({ personId: e.personId, result: e.result ?? undefined, score: e.score })) }}>
      {!editable && !c.locked && <Alert type="info" showIcon style={{ marginBottom: 12 }} title="结业后由考核机构录入成绩。" />}
      <Table
        size="small"
        rowKey="personId"
        pagination={false}
        dataSource={enrolled}
        scroll={{ x: 560 }}
        columns={[
          { title: "姓名", dataIndex: "name", width: 100 },
          { title: "身份证号", dataIndex: "idNumberMasked", width: 180 },
          {
            title: "考核结果",
            key: "r",
            width: 140,
            render: (_, e, i) => (
              <Form.Item name={["results", i, "result"]} rules={[{ required: true, message: "请选择" }]} style={{ margin: 0 }}>
                <Select aria-label={`${e.name}考核结果`} disabled={!editable} options={Object.entries(resultLabels).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
            ),
          },
          {
            title: "成绩",
            key: "s",
            width: 120,
            render: (_, e, i) => (
              <Form.Item name={["results", i, "score"]} style={{ margin: 0 }}>
                <InputNumber aria-label={`${e.name}成绩`} disabled={!editable} min={0} max={100} precision={0} style={{ width: "100%" }} />
              </Form.Item>
            ),
          },
        ]}
      />
      {editable && (
        <Space style={{ marginTop: 12 }}>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            保存成绩
          </Button>
        </Space>
      )}
    </Form>
  );
}
