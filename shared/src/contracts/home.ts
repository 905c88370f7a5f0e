import { z } from "zod";

/** The to-do kinds a home page can show; each appears only for a role that can act on it. */
export const todoKeys = ["classes_to_review", "corrections_to_decide", "imports_with_problems", "claims_to_review", "objections_to_decide", "change_requests_to_confirm"] as const;
export type TodoKey = (typeof todoKeys)[number];

/** how far back a finished import with problems still needs a look (the to-do, the import list's filter) */
export const IMPORT_LOOKBACK_DAYS = 7;

export const todoItem = z.object({
  key: z.enum(todoKeys),
  /** what the count is, in Chinese */
  label: z.string(),
  count: z.number().int(),
  /** of `count`, how many are past their due date (claims: working-day review deadline) */
  overdue: z.number().int().optional(),
  /** the console list already filtered to these records; null while no console list shows them */
  href: z.string().nullable(),
  /** the list filtered to the overdue ones */
  overdueHref: z.string().optional(),
});
export type TodoItem = z.infer<typeof todoItem>;

export const todoList = z.object({ items: z.array(todoItem) });
export type TodoList = z.infer<typeof todoList>;

/** One of the institution's own classes with its roster, passed (结业) and certified (取证) counts. */
export const ownClassRate = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  status: z.enum(["draft", "submitted", "returned", "approved", "in_progress", "finished", "assessed", "cancelled"]),
  institutionName: z.string(),
  endDate: z.string(),
  enrolled: z.number().int(),
  /** 结业 as shared/src/completion.ts defines it (the statistics' definition) */
  completed: z.number().int(),
  /** 合格: assessed "pass" */
  passed: z.number().int(),
  certified: z.number().int(),
});
export const ownClassRates = z.object({ items: z.array(ownClassRate) });
export type OwnClassRates = z.infer<typeof ownClassRates>;
