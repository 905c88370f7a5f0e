import { useParams } from "react-router";
import { useCertificates } from "../classes.api.ts";
import { resultLabels } from "../class-labels.ts";
import { ClassMeta, PrintFrame } from "./PrintFrame.tsx";
import { paginate } from "./paginate.ts";

/** 结业花名册: every trainee of the class with the result and certificate number, a seal area and the signatures. */
export function CompletionRosterPage() {
  const { id } = useParams();
  const certs = useCertificates(id ?? "", !!id);
  return (
    <PrintFrame title={(c) => `结业花名册 ${c.code}`}>
      {(h) => {
        const numberOf = new Map((certs.data?.items ?? []).filter((x) => x.status === "valid").map((x) => [x.personId, x.number]));
        const roster = h.c.roster.filter((e) => e.status === "enrolled");
        const pages = paginate(roster);
        const passed = roster.filter((e) => e.result === "pass").length;
        return pages.map((rows, p) => (
          <section className="sheet" key={p} aria-label={`第 ${p + 1} 页`}>
            <h1>结业花名册</h1>
            <div className="sheet-meta">
              <ClassMeta h={h} />
            </div>
            <table>
              <thead>
                <tr>
                  <th style={{ width: "12mm" }}>序号</th>
                  <th style={{ width: "30mm" }}>姓名</th>
                  <th style={{ width: "44mm" }}>身份证号</th>
                  <th style={{ width: "22mm" }}>考核结果</th>
                  <th style={{ width: "16mm" }}>成绩</th>
                  <th>证书编号</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((e, i) => (
                  <tr key={e.id}>
                    <td>{p * 25 + i + 1}</td>
                    <td>{e.name}</td>
                    <td>{e.idNumberMasked}</td>
                    <td>{e.result ? resultLabels[e.result] : "未考核"}</td>
                    <td>{e.score ?? ""}</td>
                    <td>{numberOf.get(e.personId) ?? ""}</td>
                  </tr>
                ))}
                {rows.length === 0 && (
                  <tr>
                    <td colSpan={6} className="empty">
                      本班暂无在册学员
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
            <div className="sheet-footer">
              <div>
                在册 {roster.length} 人，考核合格 {passed} 人，发证 {numberOf.size} 人。
              </div>
              {p === pages.length - 1 && (
                <div className="signatures">
                  <div>经办人（签字）：__________</div>
                  <div>审核人（签字）：__________</div>
                  <div className="seal">（盖章处）</div>
                </div>
              )}
              {p === pages.length - 1 && <div style={{ textAlign: "right", marginTop: "3mm" }}>日期：______年____月____日</div>}
              <div className="page-no">
                第 {p + 1} 页 / 共 {pages.length} 页
              </div>
            </div>
          </section>
        ));
      }}
    </PrintFrame>
  );
}
