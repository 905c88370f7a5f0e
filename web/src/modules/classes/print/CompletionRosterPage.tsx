import { useParams } from "react-router";
import { useCertificates } from "../classes.api.ts";
import { resultLabels } from "../class-labels.ts";
import { PrintFrame } from "./PrintFrame.tsx";
import { PrintSheets } from "./PrintSheets.tsx";

/** 结业花名册: every trainee of the class with the result and certificate number, a seal area and the signatures. */
export function CompletionRosterPage() {
  const { id } = useParams();
  const certs = useCertificates(id ?? "", !!id);
  return (
    <PrintFrame title={(c) => `结业花名册 ${c.code}`}>
      {(h) => {
        const numberOf = new Map((certs.data?.items ?? []).filter((x) => x.status === "valid").map((x) => [x.personId, x.number]));
        const roster = h.c.roster.filter((e) => e.status === "enrolled");
        const passed = roster.filter((e) => e.result === "pass").length;
        return (
          <PrintSheets
            heading="结业花名册"
            h={h}
            rows={roster}
            columns={[
              { title: "姓名", width: "30mm", render: (e) => e.name },
              { title: "身份证号", width: "44mm", render: (e) => e.idNumberMasked },
              { title: "考核结果", width: "22mm", render: (e) => (e.result ? resultLabels[e.result] : "未考核") },
              { title: "成绩", width: "16mm", render: (e) => e.score ?? "" },
              { title: "证书编号", render: (e) => numberOf.get(e.personId) ?? "" },
            ]}
            summary={`在册 ${roster.length} 人，考核合格 ${passed} 人，发证 ${numberOf.size} 人。`}
            signaturesOn="last-page"
            signatures={
              <>
                <div className="signatures">
                  <div>经办人（签字）：__________</div>
                  <div>审核人（签字）：__________</div>
                  <div className="seal">（盖章处）</div>
                </div>
                <div className="sign-date">日期：______年____月____日</div>
              </>
            }
          />
        );
      }}
    </PrintFrame>
  );
}
