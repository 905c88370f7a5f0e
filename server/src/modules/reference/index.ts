export { referenceRoutes, loadReference } from "./reference.routes.ts";
export { seedReference } from "./reference.seed.ts";
export { anyProgramLedBy, programLedBy } from "./reference.scope.ts";
export { regions, departments, programs, refCodes, reportingUnits } from "./reference.table.ts";
export { loadRegionResolver } from "./reference.regions.ts";
export { codeNames } from "./reference.codes.ts";
