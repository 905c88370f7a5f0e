export { calendarRoutes } from "./calendar.routes.ts";
export { loadWorkCalendar, seedCalendar } from "./calendar.service.ts";
export { calendarDays } from "./calendar.table.ts";
export { addDays, addWorkingDays, calendarCovers, dateInChina, isValidDate, isWorkingDay, makeCalendar, type WorkCalendar, weekday, workingDaysBetween } from "./working-days.ts";
