import { useState } from "react";
import { Alert, Button, Card, Form, Select, Space, Switch, Table, Tag, Typography } from "antd";
import { Link, useNavigate } from "react-router";
import { claimStatusValues, claimSubsidyTypeLabels, classClaimSubsidyTypeValues } from "../../../../shared/src/contracts/subsidies.ts";
import { errorText } from "../../app/error-messages.ts";
import { formatFen } from "../../app/money.ts";
import { can, useMe } from "../../app/session.ts";
import { intParam, oneOf, useSearchState } from "../../app/use-search-state.ts";
import { useIsPhone } from "../../app/layout/use-phone.ts";
import { ERROR_TEXT } from "../../app/colors.ts";
import { PhoneList } from "../../components/PhoneList.tsx";
import { useClassList } from "../classes/classes.api.ts";
import { claimStatusLabels } from "./claim-labels.ts";
import { useClaims, useGenerateClaim } from "./subsidies.api.ts";

const KEYS = ["status", "awaiting", "overdue", "page"] as const;

/**
 * 补贴申领: claims in the caller's scope; reviewers filter those waiting for them (all, or overdue),
 * institutions generate. The filters live in the address (the home page's to-dos link here).
 */
export function ClaimsPage() {
  const me = useMe();
  const [s, setSearch] = useSearchState(KEYS);
  const status = oneOf(s.status, claimStatusValues);
  const overdue = s.overdue === "true";
  const awaiting = s.awaiting === "true";
  const page = intParam(s.page, 1);
  const setPage = (p: number) => setSearch({ page: p === 1 ? undefined : p });
  const list = useClaims({ status, overdue: overdue ? "true" : undefined, awaiting: awaiting && !overdue ? "true" : undefined, page, pageSize: 20 });
  const phone = useIsPhone();
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Typography.Title level={1} style={{ margin: 0 }}>
        补贴申领
      </Typography.Title>
      {can(me.data, "claim.apply") && <GenerateCard />}
      <Space wrap>
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 160 }}
          value={status}
          onChange={(v) => setSearch({ status: v })}
          options={claimStatusValues.map((s) => ({ value: s, label: claimStatusLabels[s].label }))}
        />
        {(can(me.data, "claim.review_county") || can(me.data, "claim.review_city")) && (
          <>
            <Space>
              <Switch checked={awaiting || overdue} onChange={(v) => setSearch({ awaiting: v ? "true" : undefined, overdue: undefined })} aria-label="仅看待我审核" />
              仅看待我审核
            </Space>
            <Space>
              <Switch checked={overdue} onChange={(v) => setSearch({ overdue: v ? "true" : undefined })} aria-label="仅看我待审且已超期" />
              仅看我待审且已超期
            </Space>
          </>
        )}
      </Space>
      {list.isError && <Alert type="warning" showIcon title={errorText(list.error)} />}
      {phone ? (
        <PhoneList
          label="申领列表"
          items={list.data?.items ?? []}
          rowKey={(c) => c.id}
          loading={list.isPending}
          title={(c) => <Link to={`/claims/${c.id}`}>{c.code}</Link>}
          extra={(c) => <Tag color={claimStatusLabels[c.status].color}>{claimStatusLabels[c.status].label}</Tag>}
          body={(c) => (
            <>
              <div>
                {c.classId ? `${c.classTitle}（${c.classCode}）` : "个人申领"}
              </div>
              <Typography.Text type="secondary">{c.institutionName ?? `${c.personName ?? ""}（个人）`}</Typography.Text>
              <div>
                {claimSubsidyTypeLabels[c.subsidyType]} · {formatFen(c.totalFen)}
              </div>
              {c.dueDate && <div style={{ color: c.overdue ? ERROR_TEXT : undefined }}>审核期限 {c.dueDate}{c.overdue ? "（已超期）" : ""}</div>}
            </>
          )}
          page={page}
          pageSize={20}
          total={list.data?.total ?? 0}
          totalText={(t) => `共 ${t} 件`}
          onPage={setPage}
        />
      ) : (
        <Table
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          scroll={{ x: true }}
          pagination={{ current: page, total: list.data?.total ?? 0, pageSize: 20, onChange: setPage }}
          columns={[
            { title: "申领编号", dataIndex: "code", render: (v: string, c) => <Link to={`/claims/${c.id}`}>{v}</Link> },
            { title: "培训班", render: (_, c) => (c.classId ? `${c.classTitle}（${c.classCode}）` : "—") },
            { title: "机构 / 申领人", render: (_, c) => c.institutionName ?? `${c.personName ?? ""}（个人）` },
            { title: "类型", dataIndex: "subsidyType", render: (t: keyof typeof claimSubsidyTypeLabels) => claimSubsidyTypeLabels[t] },
            { title: "金额", dataIndex: "totalFen", render: (v: number) => formatFen(v) },
            { title: "状态", dataIndex: "status", render: (s: keyof typeof claimStatusLabels) => <Tag color={claimStatusLabels[s].color}>{claimStatusLabels[s].label}</Tag> },
            { title: "审核期限", render: (_, c) => (c.dueDate ? <span style={{ color: c.overdue ? ERROR_TEXT : undefined }}>{c.dueDate}{c.overdue ? "（已超期）" : ""}</span> : "—") },
          ]}
        />
      )}
    </Space>
  );
}

/** Generates (or regenerates while draft) the claim of one of the institution's assessed classes. */
/** The institution picks one of its assessed (考核锁定) classes by name or number — never by a typed ID. */
function GenerateCard() {
  const [form] = Form.useForm<{ classId: string; subsidyType: (typeof classClaimSubsidyTypeValues)[number] }>();
  const [q, setQ] = useState("");
  const assessed = useClassList({ status: "assessed", q: q.trim() || undefined, page: 1, pageSize: 20 });
  const m = useGenerateClaim();
  const navigate = useNavigate();
  return (
    <Card size="small" title="由考核锁定的培训班生成申领">
      {m.isError && <Alert type="error" showIcon title={errorText(m.error)} style={{ marginBottom: 8 }} />}
      <Form form={form} layout="inline" initialValues={{ subsidyType: "training" }} onFinish={(v) => m.mutate({ classId: v.classId, body: { subsidyType: v.subsidyType } }, { onSuccess: (c) => navigate(`/claims/${c.id}`) })}>
        <Form.Item name="classId" label="培训班" rules={[{ required: true, message: "请选择已考核锁定的培训班" }]}>
          <Select
            showSearch={{ filterOption: false, onSearch: setQ }}
            style={{ width: 320, maxWidth: "100%" }}
            placeholder="输入班级名称或编号查找"
            loading={assessed.isFetching}
            notFoundContent={assessed.isFetching ? "查找中…" : "没有已考核锁定的培训班"}
            options={(assessed.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.title}（${c.code}）` }))}
          />
        </Form.Item>
        <Form.Item name="subsidyType" label="补贴类型">
          <Select style={{ width: 140 }} options={classClaimSubsidyTypeValues.map((t) => ({ value: t, label: claimSubsidyTypeLabels[t] }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={m.isPending}>
          生成
        </Button>
      </Form>
    </Card>
  );
}
