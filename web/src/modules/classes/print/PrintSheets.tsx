import type { ReactNode } from "react";
import { type ClassHeader, ClassMeta } from "./PrintFrame.tsx";
import { paginate, ROWS_PER_PAGE } from "./paginate.ts";

/** A column of a printed list: its heading, an optional fixed width, and what each row shows. */
export interface SheetColumn<T> {
  title: string;
  /** e.g. "30mm"; columns without a width share what is left */
  width?: string;
  /** "sign": an empty box wide enough for a signature */
  className?: "sign";
  render: (row: T) => ReactNode;
}

/**
 * A list printed as A4 sheets (签到表, 结业花名册): every page repeats the heading and the class
 * lines, numbers the rows across pages, and ends with the page's footer, the signatures and seal
 * area (on every page or only the last) and "第 n 页 / 共 m 页".
 */
export function PrintSheets<T extends { id: string }>(props: {
  heading: string;
  h: ClassHeader;
  /** lines after the class lines, e.g. the session's time and place */
  meta?: ReactNode;
  rows: readonly T[];
  columns: SheetColumn<T>[];
  /** the totals line under the table */
  summary: ReactNode;
  /** 签字 and 盖章 blocks */
  signatures: ReactNode;
  signaturesOn: "every-page" | "last-page";
}) {
  const pages = paginate(props.rows);
  return pages.map((rows, p) => {
    const last = p === pages.length - 1;
    return (
      <section className="sheet" key={p} aria-label={`第 ${p + 1} 页`}>
        <h1>{props.heading}</h1>
        <div className="sheet-meta">
          <ClassMeta h={props.h} />
          {props.meta}
        </div>
        <table>
          <thead>
            <tr>
              <th style={{ width: "12mm" }}>序号</th>
              {props.columns.map((c) => (
                <th key={c.title} style={c.width ? { width: c.width } : undefined}>
                  {c.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={row.id}>
                <td>{p * ROWS_PER_PAGE + i + 1}</td>
                {props.columns.map((c) => (
                  <td key={c.title} className={c.className}>
                    {c.render(row)}
                  </td>
                ))}
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={props.columns.length + 1} className="empty">
                  本班暂无在册学员
                </td>
              </tr>
            )}
          </tbody>
        </table>
        <div className="sheet-footer">
          <div>{props.summary}</div>
          {(last || props.signaturesOn === "every-page") && props.signatures}
          <div className="page-no">
            第 {p + 1} 页 / 共 {pages.length} 页
          </div>
        </div>
      </section>
    );
  });
}
