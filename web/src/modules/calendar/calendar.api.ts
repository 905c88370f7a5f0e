import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { calendarYearView } from "../../../../shared/src/contracts/calendar.ts";
import { api } from "../../app/api-client.ts";

export type CalendarYear = z.infer<typeof calendarYearView>;
export type DayKind = "holiday" | "workday" | "normal";

/** Query keys of the calendar module. */
export const calendarKeys = {
  all: ["calendar"] as const,
  year: (year: number) => [...calendarKeys.all, "year", year] as const,
};

export function useCalendarYear(year: number) {
  return useQuery({ queryKey: calendarKeys.year(year), queryFn: ({ signal }) => api.get<CalendarYear>("/api/calendar", { year }, signal) });
}

export function useSetDay() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ date, kind, name }: { date: string; kind: DayKind; name?: string | null }) => api.put<unknown>(`/api/calendar/days/${date}`, { kind, name: name || null }),
    onSuccess: () => qc.invalidateQueries({ queryKey: calendarKeys.all }),
  });
}
