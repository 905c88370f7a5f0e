import { useQuery } from "@tanstack/react-query";
import type { OwnClassRates, TodoList } from "../../../../shared/src/contracts/home.ts";
import { api, isApiError } from "../../app/api-client.ts";
import type { StatsOverview, TargetsOverview } from "./overview.types.ts";

export const homeKeys = {
  all: ["home"] as const,
  todos: () => [...homeKeys.all, "todos"] as const,
  ownClasses: () => [...homeKeys.all, "own-classes"] as const,
  targets: (year: number) => ["targets", "overview", year] as const,
  stats: (year: number) => ["stats", "overview", year] as const,
};

/**
 * The answer, or null when the server has no such endpoint (404) or the caller's role has no
 * figures there (403): the home page then shows what it has instead of an error.
 */
export async function orNullWhenAbsent<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (e) {
    if (isApiError(e) && (e.status === 404 || e.status === 403)) return null;
    throw e;
  }
}

export function useTodos() {
  return useQuery({ queryKey: homeKeys.todos(), queryFn: ({ signal }) => api.get<TodoList>("/api/home/todos", undefined, signal) });
}

export function useOwnClassRates(enabled: boolean) {
  return useQuery({ queryKey: homeKeys.ownClasses(), queryFn: ({ signal }) => api.get<OwnClassRates>("/api/home/classes", undefined, signal), enabled });
}

export function useTargetsOverview(year: number, enabled: boolean) {
  return useQuery({
    queryKey: homeKeys.targets(year),
    queryFn: ({ signal }) => orNullWhenAbsent(api.get<TargetsOverview>("/api/targets/overview", { year }, signal)),
    enabled,
    retry: false,
  });
}

export function useStatsOverview(year: number, enabled: boolean) {
  return useQuery({
    queryKey: homeKeys.stats(year),
    queryFn: ({ signal }) => orNullWhenAbsent(api.get<StatsOverview>("/api/stats/overview", { year }, signal)),
    enabled,
    retry: false,
  });
}
