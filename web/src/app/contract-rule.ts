import type { FormRule } from "antd";
import { z } from "zod";
import { zhCN } from "zod/locales";

// zod's own messages (e.g. "too long") in Chinese, for the checks the contracts leave unworded
z.config(zhCN());

/**
 * An antd rule that checks a field against its zod contract — the same schema the server
 * validates with, so the console and the API cannot disagree about what is valid.
 * Empty values are left to a `required` rule.
 */
export function contractRule(schema: z.ZodType): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      if (value === undefined || value === null || value === "") return;
      const r = schema.safeParse(value);
      if (!r.success) throw new Error(r.error.issues[0]?.message ?? "格式不正确");
    },
  };
}
