import { type Column, type SQL, sql } from "drizzle-orm";
import { programs } from "./reference.table.ts";

/**
 * Scope conditions other modules put into their WHERE for department grants: a department sees
 * what belongs to the plan programs it leads. Built here so only this module names its table.
 */
export function programLedBy(programCode: Column | SQL, departmentCode: string): SQL {
  return sql`exists (select 1 from ${programs} where ${programs.code} = ${programCode} and ${departmentCode} = any(${programs.leadDepartmentCodes}))`;
}

/** Any of the programs in the text[] column `programCodes` is led by the department. */
export function anyProgramLedBy(programCodes: Column | SQL, departmentCode: string): SQL {
  return sql`exists (select 1 from ${programs} where ${programs.code} = any(${programCodes}) and ${departmentCode} = any(${programs.leadDepartmentCodes}))`;
}
