import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  addWorkingDaysQuery,
  addWorkingDaysView,
  calendarDayView,
  calendarQuery,
  calendarYearView,
  dateParams,
  setCalendarDayBody,
} from "../../../../shared/src/contracts/calendar.ts";
import type { Deps } from "../../platform/context.ts";
import { listCalendarYear, loadWorkCalendar, setCalendarDay } from "./calendar.service.ts";
import { addWorkingDays, calendarCovers } from "./working-days.ts";

export function calendarRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      "/api/calendar",
      { config: { access: "authenticated" }, schema: { tags: ["calendar"], summary: "某年的节假日与调休安排", querystring: calendarQuery, response: { 200: calendarYearView } } },
      async (req) => listCalendarYear(deps, req.query.year),
    );
    app.put(
      "/api/calendar/days/:date",
      {
        config: { access: "calendar.manage" },
        schema: { tags: ["calendar"], summary: "设置某日为节假日、调休上班日或普通日（省级）", params: dateParams, body: setCalendarDayBody, response: { 200: calendarDayView } },
      },
      async (req) => setCalendarDay(deps, req.ctx, req.params.date, req.body),
    );
    app.get(
      "/api/calendar/add-working-days",
      { config: { access: "authenticated" }, schema: { tags: ["calendar"], summary: "计算 N 个工作日后的日期", querystring: addWorkingDaysQuery, response: { 200: addWorkingDaysView } } },
      async (req) => {
        const cal = await loadWorkCalendar(deps.db);
        const date = addWorkingDays(cal, req.query.date, req.query.n);
        return { date, covered: calendarCovers(cal, req.query.date) && calendarCovers(cal, date) };
      },
    );
  };
}
