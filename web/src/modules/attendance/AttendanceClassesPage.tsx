import { Alert, Button, Card, Input, Space, Table, Tag, Typography } from "antd";
import { useNavigate } from "react-router";
import { errorText } from "../../app/error-messages.ts";
import { classStatus, type StatusLabel } from "../../app/status.ts";
import { intParam, useSearchState } from "../../app/use-search-state.ts";
import { type ClassList, useClassList } from "./attendance.api.ts";

type Row = ClassList["items"][number];
const statusTag: Record<string, StatusLabel> = classStatus;
const KEYS = ["q", "page"] as const;
const WITH_ATTENDANCE = new Set(["approved", "in_progress", "finished", "assessed"]);

/** 考勤: the classes in the caller's scope; open one to see its attendance. */
export function AttendanceClassesPage() {
  const [s, setSearch] = useSearchState(KEYS);
  const page = intParam(s.page, 1);
  const list = useClassList({ page, q: s.q });
  const navigate = useNavigate();
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Space wrap style={{ width: "100%", justifyContent: "space-between" }}>
        <Typography.Title level={1} style={{ margin: 0 }}>
          考勤
        </Typography.Title>
        <Input.Search allowClear placeholder="班级名称或编号" defaultValue={s.q} onSearch={(q) => setSearch({ q: q || undefined, page: undefined })} style={{ width: 260 }} />
      </Space>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <Table<Row>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: "max-content" }}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showSizeChanger: false, onChange: (p) => setSearch({ page: p === 1 ? undefined : p }) }}
          locale={{ emptyText: "没有培训班" }}
          columns={[
            { key: "code", title: "班级编号", dataIndex: "code" },
            { key: "title", title: "班级名称", dataIndex: "title" },
            { key: "inst", title: "培训机构", dataIndex: "institutionName" },
            { key: "dates", title: "培训日期", render: (_, r) => `${r.startDate} 至 ${r.endDate}` },
            { key: "n", title: "学员", align: "right", render: (_, r) => `${r.enrolled} 人` },
            { key: "st", title: "状态", render: (_, r) => <Tag color={statusTag[r.status]?.color}>{statusTag[r.status]?.text ?? r.status}</Tag> },
            {
              key: "act",
              title: "操作",
              render: (_, r) =>
                WITH_ATTENDANCE.has(r.status) ? (
                  <Button size="small" type="link" onClick={() => void navigate(`/attendance/classes/${r.id}`)}>
                    查看考勤
                  </Button>
                ) : (
                  <Typography.Text type="secondary">未开班</Typography.Text>
                ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
