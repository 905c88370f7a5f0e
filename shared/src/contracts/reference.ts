import { z } from "zod";

export const referenceView = z.object({
  regions: z.array(
    z.object({ code: z.string(), name: z.string(), level: z.enum(["province", "city", "county"]), parentCode: z.string().nullable(), note: z.string().nullable() }),
  ),
  reportingUnits: z.array(z.object({ code: z.string(), name: z.string(), parentCode: z.string(), coversRegionCodes: z.array(z.string()), note: z.string().nullable() })),
  departments: z.array(z.object({ code: z.string(), name: z.string(), shortName: z.string() })),
  programs: z.array(
    z.object({
      code: z.string(),
      section: z.string(),
      name: z.string(),
      leadDepartmentCodes: z.array(z.string()),
      targetCount: z.number().nullable(),
      targetUnit: z.string().nullable(),
      targetNote: z.string().nullable(),
    }),
  ),
  codes: z.record(z.string(), z.array(z.object({ code: z.string(), name: z.string(), note: z.string().nullable() }))),
});
export type ReferenceView = z.infer<typeof referenceView>;
