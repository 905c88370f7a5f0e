import { EnvironmentOutlined, UserOutlined } from "@ant-design/icons";
import { Alert, Card, Empty, Segmented, Space, Tag } from "antd";
import dayjs from "dayjs";
import { useMemo, useState } from "react";
import { errorText } from "../../app/error-messages.ts";
import { useMyClasses } from "./my.api.ts";
import { SECONDARY_TEXT } from "../../app/colors.ts";

/** 课程表: every session of the trainee's classes, grouped by day; upcoming first. */
export function SchedulePage() {
  const classes = useMyClasses();
  const [which, setWhich] = useState<"upcoming" | "all">("upcoming");
  const days = useMemo(() => {
    const now = Date.now();
    const rows = (classes.data?.items ?? [])
      .filter((c) => c.enrollmentStatus === "enrolled")
      .flatMap((c) => c.sessions.map((s) => ({ s, title: c.class.title })))
      .filter(({ s }) => which === "all" || new Date(s.endsAt).getTime() > now)
      .sort((a, b) => a.s.startsAt.localeCompare(b.s.startsAt));
    const byDay = new Map<string, typeof rows>();
    for (const r of rows) {
      const d = dayjs(r.s.startsAt).format("YYYY-MM-DD");
      byDay.set(d, [...(byDay.get(d) ?? []), r]);
    }
    return [...byDay.entries()];
  }, [classes.data, which]);

  return (
    <>
      <div className="m-title">课程表</div>
      <Segmented block value={which} onChange={(v) => setWhich(v as "upcoming" | "all")} options={[{ label: "待上课程", value: "upcoming" }, { label: "全部课程", value: "all" }]} style={{ marginBottom: 12 }} />
      {classes.isError && <Alert type="error" showIcon title={errorText(classes.error)} />}
      {classes.isPending && <Card loading />}
      {classes.data && days.length === 0 && (
        <Card>
          <Empty description="没有待上的课程" />
        </Card>
      )}
      <Space orientation="vertical" size={12} style={{ width: "100%" }}>
        {days.map(([day, rows]) => (
          <Card key={day} size="small" title={dayjs(day).format("M月D日 dddd")} extra={dayjs(day).isSame(dayjs(), "day") ? <Tag color="blue">今天</Tag> : null}>
            <Space orientation="vertical" size={10} style={{ width: "100%" }}>
              {rows.map(({ s, title }) => (
                <div key={s.id} style={{ borderLeft: `3px solid ${s.status === "cancelled" ? "#d9d9d9" : "#1f5fad"}`, paddingLeft: 10 }}>
                  <div style={{ fontWeight: 600, fontSize: 16 }}>
                    {dayjs(s.startsAt).format("HH:mm")}–{dayjs(s.endsAt).format("HH:mm")} {s.status === "cancelled" && <Tag color="red">已取消</Tag>}
                    {s.requireCheckOut && <Tag>需签退</Tag>}
                  </div>
                  <div>{s.content}</div>
                  <div style={{ color: "#666", fontSize: 13 }}>
                    <EnvironmentOutlined /> {s.place}
                    {s.teacherName && (
                      <>
                        {"  "}
                        <UserOutlined /> {s.teacherName}
                      </>
                    )}
                  </div>
                  <div style={{ color: SECONDARY_TEXT, fontSize: 12 }}>{title}</div>
                </div>
              ))}
            </Space>
          </Card>
        ))}
      </Space>
    </>
  );
}
