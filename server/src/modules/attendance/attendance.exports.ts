import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ClassAttendanceSummary } from "../../../../shared/src/contracts/attendance.ts";
import { uuid } from "../../../../shared/src/contracts/common.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import { chinaDateTime, type ExportColumn, sendXlsx, writeXlsx } from "../../platform/spreadsheet/index.ts";
import { classSummary } from "./attendance.service.ts";

type Trainee = ClassAttendanceSummary["trainees"][number];

/**
 * A class's attendance sheet: one row per trainee, one column per session (√ present, × absent,
 * "补" when a correction decided it, empty when the session has not ended yet), then the minutes
 * and the rate so far — the summary the attendance page shows, with the same masked IDs.
 * @throws attendance.class_not_found (out of scope)
 */
export async function exportAttendance(deps: Deps, ctx: Ctx, classId: string): Promise<{ file: Buffer; name: string }> {
  const s = await classSummary(deps, ctx, classId);
  const now = deps.clock.now().getTime();
  const sessionCols: ExportColumn<Trainee>[] = s.sessions.map((sess) => {
    const ended = new Date(sess.endsAt).getTime() <= now;
    return {
      header: chinaDateTime(sess.startsAt)!.slice(5),
      width: 13,
      value: (t) => {
        if (!ended) return null;
        const mark = t.sessions.find((m) => m.sessionId === sess.sessionId);
        if (!mark) return null;
        return `${mark.present ? "√" : "×"}${mark.source === "manual" ? "（补）" : ""}`;
      },
    };
  });
  const cols: ExportColumn<Trainee>[] = [
    { header: "姓名", value: (t) => t.name },
    { header: "身份证号（脱敏）", width: 22, value: (t) => t.idNumberMasked },
    ...sessionCols,
    { header: "已出勤（分钟）", value: (t) => t.attendedMinutes },
    { header: "应出勤（分钟）", value: (t) => t.plannedMinutes },
    { header: "出勤率(%)", value: (t) => t.percent },
    { header: `达到 ${s.thresholdPercent}%`, value: (t) => (t.eligible ? "是" : "否") },
  ];
  return { file: await writeXlsx("考勤表", cols, s.trainees), name: `${s.classCode} 考勤表` };
}

/** Export routes of the attendance module (kept here so the routes file only gains one line). */
export function registerAttendanceExports(fastify: FastifyInstance, deps: Deps): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    "/api/attendance/classes/:classId/export",
    { config: { access: "attendance.read" }, schema: { tags: ["attendance"], summary: "导出培训班考勤表 (.xlsx：学员 × 课次 + 出勤率)", params: z.strictObject({ classId: uuid }) } },
    async (req, reply) => {
      const { file, name } = await exportAttendance(deps, req.ctx, req.params.classId);
      return sendXlsx(reply, file, name);
    },
  );
}
