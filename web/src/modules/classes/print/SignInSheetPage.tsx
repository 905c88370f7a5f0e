import { useParams } from "react-router";
import { ClassMeta, PrintFrame } from "./PrintFrame.tsx";
import { chinaClock, paginate } from "./paginate.ts";

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
        const pages = paginate(trainees);
        const checkOut = s.requireCheckOut;
        return pages.map((rows, p) => (
          <section className="sheet" key={p} aria-label={`第 ${p + 1} 页`}>
            <h1>培训签到表</h1>
            <div className="sheet-meta">
              <ClassMeta h={h} />
              <div>
                上课时间：{s.date}（{weekday(s.date)}） {chinaClock(s.startsAt)}–{chinaClock(s.endsAt)}
              </div>
              <div>授课教师：{s.teacherName ?? "—"}</div>
              <div className="wide">上课地点：{s.place || h.c.address}</div>
              <div className="wide">
                课程内容：{s.content}（理论 {s.theoryMinutes} 分钟，实操 {s.practiceMinutes} 分钟）
              </div>
            </div>
            <table>
              <thead>
                <tr>
                  <th style={{ width: "12mm" }}>序号</th>
                  <th style={{ width: "30mm" }}>姓名</th>
                  <th style={{ width: "44mm" }}>身份证号</th>
                  <th>{checkOut ? "签到（本人签名）" : "本人签名"}</th>
                  {checkOut && <th>签退（本人签名）</th>}
                  <th style={{ width: "22mm" }}>备注</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((e, i) => (
                  <tr key={e.id}>
                    <td>{p * 25 + i + 1}</td>
                    <td>{e.name}</td>
                    <td>{e.idNumberMasked}</td>
                    <td className="sign" />
                    {checkOut && <td className="sign" />}
                    <td />
                  </tr>
                ))}
                {rows.length === 0 && (
                  <tr>
                    <td colSpan={checkOut ? 6 : 5} className="empty">
                      本班暂无在册学员
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
            <div className="sheet-footer">
              <div>
                应到 {trainees.length} 人，实到 ______ 人。
              </div>
              <div className="signatures">
                <div>授课教师（签字）：__________</div>
                <div>经办人（签字）：__________</div>
                <div>日期：______年____月____日</div>
              </div>
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
