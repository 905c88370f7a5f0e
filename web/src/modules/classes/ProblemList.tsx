import { Alert } from "antd";
import type { Problem } from "./class-labels.ts";

/** Every problem of a refused submission at once, as a numbered list (DOMAIN: all reasons at once). */
export function ProblemList({ title, problems, type = "error" }: { title: string; problems: Problem[]; type?: "error" | "warning" }) {
  if (!problems.length) return null;
  return (
    <Alert
      type={type}
      showIcon
      role="alert"
      title={`${title}（${problems.length} 项）`}
      description={
        <ol style={{ margin: 0, paddingInlineStart: 20 }} aria-label={title}>
          {problems.map((p, i) => (
            <li key={`${p.code}-${i}`}>{p.message}</li>
          ))}
        </ol>
      }
    />
  );
}
