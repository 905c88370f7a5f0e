import dayjs from "dayjs";

/** "3月16日 周一 09:00–12:00" in the browser's time zone. */
export function sessionTimeText(startsAt: string, endsAt: string): string {
  const s = dayjs(startsAt);
  return `${s.format("M月D日 ddd HH:mm")}–${dayjs(endsAt).format("HH:mm")}`;
}

/** Sessions from now on (ongoing included), earliest first. */
export function upcoming<T extends { startsAt: string; endsAt: string; status?: string }>(sessions: T[], now: number): T[] {
  return sessions.filter((s) => s.status !== "cancelled" && new Date(s.endsAt).getTime() > now).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

/** Check-in is open from 30 minutes before the start to the end. */
export function checkInOpenNow(s: { startsAt: string; endsAt: string }, now: number): boolean {
  return now >= new Date(s.startsAt).getTime() - 30 * 60_000 && now < new Date(s.endsAt).getTime();
}
