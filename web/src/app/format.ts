import dayjs from "dayjs";

/** "2026-03-02 09:15" in the browser's time zone; "—" for none. */
export function formatDateTime(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return "—";
  return dayjs(iso).format(withSeconds ? "YYYY-MM-DD HH:mm:ss" : "YYYY-MM-DD HH:mm");
}
