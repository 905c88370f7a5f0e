import { LeftOutlined, RightOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Col, Form, Input, Modal, Radio, Row, Space, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useMemo, useState } from "react";
import { errorText } from "../../app/error-messages.ts";
import { can, useMe } from "../../app/session.ts";
import { intParam, useSearchState } from "../../app/use-search-state.ts";
import { type CalendarYear, type DayKind, useCalendarYear, useSetDay } from "./calendar.api.ts";
import { SECONDARY_TEXT } from "../../app/colors.ts";

type Day = CalendarYear["days"][number];
const WEEK = ["一", "二", "三", "四", "五", "六", "日"];
const kindStyle: Record<"holiday" | "workday", { bg: string; color: string; label: string }> = {
  holiday: { bg: "#fff1f0", color: "#cf1322", label: "休" },
  workday: { bg: "#e6f4ff", color: "#0958d9", label: "班" },
};

function Month({ year, month, days, onPick }: { year: number; month: number; days: Map<string, Day>; onPick?: (date: string) => void }) {
  const first = dayjs(new Date(year, month, 1));
  const offset = (first.day() + 6) % 7;
  const cells: (string | null)[] = [...Array(offset).fill(null), ...Array.from({ length: first.daysInMonth() }, (_, i) => first.date(i + 1).format("YYYY-MM-DD"))];
  return (
    <Card size="small" title={`${month + 1} 月`} styles={{ body: { padding: 8 } }}>
      <div style={{ display: "grid", gridTemplateColumns: "repeat(7, 1fr)", gap: 2, textAlign: "center", fontSize: 12 }}>
        {WEEK.map((w) => (
          <div key={w} style={{ color: SECONDARY_TEXT }}>
            {w}
          </div>
        ))}
        {cells.map((d, i) => {
          if (!d) return <div key={`e${i}`} />;
          const info = days.get(d);
          const special = info && info.kind !== "normal" ? kindStyle[info.kind] : null;
          const weekend = [0, 6].includes(dayjs(d).day());
          return (
            <button
              type="button"
              key={d}
              title={info?.name ?? undefined}
              aria-label={`${d}${info?.name ? ` ${info.name}` : ""}${special ? ` ${special.label}` : ""}`}
              disabled={!onPick}
              onClick={() => onPick?.(d)}
              style={{
                border: "none",
                borderRadius: 4,
                height: 26,
                padding: 0,
                background: special?.bg ?? "transparent",
                color: special?.color ?? (weekend ? "#cf1322" : "inherit"),
                cursor: onPick ? "pointer" : "default",
                position: "relative",
                fontWeight: special ? 600 : 400,
              }}
            >
              {Number(d.slice(8))}
              {special && <span style={{ position: "absolute", top: 0, right: 1, fontSize: 9, lineHeight: 1 }}>{special.label}</span>}
            </button>
          );
        })}
      </div>
    </Card>
  );
}

/** 工作日历: the year's holidays and make-up working days (调休); the province edits a day. */
export function CalendarPage() {
  const me = useMe();
  const { message } = App.useApp();
  const [s, setSearch] = useSearchState(["year"] as const);
  const year = intParam(s.year, dayjs().year(), 2100);
  const cal = useCalendarYear(year);
  const setDay = useSetDay();
  const [editing, setEditing] = useState<string | null>(null);
  const [form] = Form.useForm<{ kind: DayKind; name?: string }>();
  const days = useMemo(() => new Map((cal.data?.days ?? []).map((d) => [d.date, d])), [cal.data]);
  const mayEdit = can(me.data, "calendar.manage");
  const open = (date: string) => {
    const d = days.get(date);
    form.setFieldsValue({ kind: d?.kind ?? "normal", name: d?.name ?? undefined });
    setEditing(date);
  };
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Space style={{ width: "100%", justifyContent: "space-between" }} wrap>
        <Typography.Title level={1} style={{ margin: 0 }}>
          工作日历
        </Typography.Title>
        <Space>
          <Button aria-label="上一年" icon={<LeftOutlined />} onClick={() => setSearch({ year: year - 1 })} />
          <Typography.Text strong>{year} 年</Typography.Text>
          <Button aria-label="下一年" icon={<RightOutlined />} onClick={() => setSearch({ year: year + 1 })} />
        </Space>
      </Space>
      <Space wrap>
        <Tag color="red">休 节假日</Tag>
        <Tag color="blue">班 调休上班日</Tag>
        {mayEdit && <Typography.Text type="secondary">点击日期可修改</Typography.Text>}
      </Space>
      {cal.isError && <Alert type="error" showIcon title={errorText(cal.error)} />}
      {cal.data && !cal.data.covered && <Alert type="warning" showIcon title={`${year} 年的节假日安排尚未录入，目前只按周末计算工作日。`} />}
      <Row gutter={[12, 12]}>
        {Array.from({ length: 12 }, (_, m) => (
          <Col xs={24} sm={12} lg={8} xl={6} key={m}>
            <Month year={year} month={m} days={days} onPick={mayEdit ? open : undefined} />
          </Col>
        ))}
      </Row>
      {editing && (
        <Modal
          open
          title={`设置 ${editing}`}
          okText="保存"
          confirmLoading={setDay.isPending}
          onCancel={() => setEditing(null)}
          onOk={() => form.submit()}
        >
          <Form
            form={form}
            layout="vertical"
            onFinish={(v) => setDay.mutate({ date: editing, ...v }, { onSuccess: () => setEditing(null), onError: (e) => message.error(errorText(e)) })}
          >
            <Form.Item name="kind" label="类型">
              <Radio.Group
                options={[
                  { value: "holiday", label: "节假日（休）" },
                  { value: "workday", label: "调休上班日（班）" },
                  { value: "normal", label: "按周末规则" },
                ]}
              />
            </Form.Item>
            <Form.Item name="name" label="名称">
              <Input placeholder="如 春节" maxLength={50} />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </Space>
  );
}
