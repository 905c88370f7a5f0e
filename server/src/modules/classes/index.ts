export { classEnrollments, classes, classSessions, type ClassStatus, classStatuses } from "./classes.table.ts";
