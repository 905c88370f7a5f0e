import { SECONDARY_TEXT } from "../app/colors.ts";
/** Pretty-printed JSON for record snapshots (audit before/after); "无" for nothing. */
export function JsonView({ value, label }: { value: unknown; label: string }) {
  if (value === null || value === undefined) return <div style={{ color: SECONDARY_TEXT }}>无</div>;
  return (
    <pre className="json-view" title={label}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
