export { attendanceRoutes } from "./attendance.routes.ts";
export { attendanceCheckins, attendanceCorrections } from "./attendance.table.ts";
export { checkIn } from "./checkin.service.ts";
export { decideCorrection, fileCorrection } from "./corrections.service.ts";
export { traineeAttendancePercents } from "./attendance.service.ts";
export { countCorrectionsToDecide } from "./corrections.list.ts";
