import { Card, Empty, Pagination, Spin } from "antd";
import type { ReactNode } from "react";

/**
 * A list page's rows as stacked cards on a phone, where a wide table would scroll sideways: each
 * card shows what identifies the row (its link) and its state in the title, the rest below.
 * Paging is the table's (same query keys), so switching width keeps the page.
 */
export function PhoneList<T>(props: {
  label: string;
  items: readonly T[];
  rowKey: (row: T) => string;
  loading: boolean;
  title: (row: T) => ReactNode;
  extra?: (row: T) => ReactNode;
  body: (row: T) => ReactNode;
  page: number;
  pageSize: number;
  total: number;
  totalText: (total: number) => string;
  onPage: (page: number, pageSize: number) => void;
}) {
  return (
    <Spin spinning={props.loading}>
      {props.items.length === 0 ? (
        <Card size="small">
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无数据" />
        </Card>
      ) : (
        <ul className="phone-list" aria-label={props.label}>
          {props.items.map((row) => (
            <li key={props.rowKey(row)}>
              <Card size="small" title={props.title(row)} extra={props.extra?.(row)}>
                {props.body(row)}
              </Card>
            </li>
          ))}
        </ul>
      )}
      <Pagination
        style={{ marginTop: 12, justifyContent: "center" }}
        size="small"
        current={props.page}
        pageSize={props.pageSize}
        total={props.total}
        showTotal={props.totalText}
        showSizeChanger={false}
        onChange={props.onPage}
      />
    </Spin>
  );
}
