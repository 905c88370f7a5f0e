import { useParams } from "react-router";
import { PrintFrame } from "./PrintFrame.tsx";
import { PrintSheets, type SheetColumn } from "./PrintSheets.tsx";
import { chinaClock } from "./paginate.ts";

const WEEKDAY = ["日", "一", "二", "三", "四", "五", "六"];
const weekday = (date: string) => `星期${WEEKDAY[new Date(`${date}T00:00:00`).getDay()]}`;

/** 签到表: one session's sheet — the class, the session, then each enrolled trainee with a place to sign. */
export function SignInSheetPage() {
  const { sessionId } = useParams();
  return (
    <PrintFrame title={(c) => `签到表 ${c.code} ${c.sessions.find((s) => s.id === sessionId)?.date ?? ""}`}>
      {(h) => {
        const s = h.c.sessions.find((x) => x.id === sessionId);
        if (!s) return <div className="sheet">没有这一课次（可能已被调整），请回到培训班重新选择。</div>;
        const trainees = h.c.roster.filter((e) => e.status === "enrolled");
        type Row = (typeof trainees)[number];
        const columns: SheetColumn<Row>[] = [
          { title: "姓名", width: "30mm", render: (e) => e.name },
          { title: "身份证号", width: "44mm", render: (e) => e.idNumberMasked },
          { title: s.requireCheckOut ? "签到（本人签名）" : "本人签名", className: "sign", render: () => null },
          ...(s.requireCheckOut ? [{ title: "签退（本人签名）", className: "sign" as const, render: () => null }] : []),
          { title: "备注", width: "22mm", render: () => null },
        ];
        return (
          <PrintSheets
            heading="培训签到表"
            h={h}
            meta={
              <>
                <div>
                  上课时间：{s.date}（{weekday(s.date)}） {chinaClock(s.startsAt)}–{chinaClock(s.endsAt)}
                </div>
                <div>授课教师：{s.teacherName ?? "—"}</div>
                <div className="wide">上课地点：{s.place || h.c.address}</div>
                <div className="wide">
                  课程内容：{s.content}（理论 {s.theoryMinutes} 分钟，实操 {s.practiceMinutes} 分钟）
                </div>
              </>
            }
            rows={trainees}
            columns={columns}
            summary={`应到 ${trainees.length} 人，实到 ______ 人。`}
            signaturesOn="every-page"
            signatures={
              <>
                <div className="signatures">
                  <div>授课教师（签字）：__________</div>
                  <div>经办人（签字）：__________</div>
                  <div className="seal">（培训机构盖章）</div>
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
