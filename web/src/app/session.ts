import { useQuery } from "@tanstack/react-query";
import type { MeView } from "../../../shared/src/contracts/users.ts";
import { type Permission, roles } from "../../../shared/src/permissions.ts";
import { regionWithin } from "../../../shared/src/regions.ts";
import { api } from "./api-client.ts";

export const sessionKeys = {
  me: () => ["session", "me"] as const,
};

export function useMe() {
  return useQuery({ queryKey: sessionKeys.me(), queryFn: ({ signal }) => api.get<MeView>("/api/me", undefined, signal), staleTime: 5 * 60_000 });
}

export function can(me: Pick<MeView, "permissions"> | undefined, permission: Permission): boolean {
  return !!me?.permissions.includes(permission);
}

/**
 * The region codes under which the user holds `permission`, or "all" for a province-wide grant.
 * The console uses it to offer only regions the server would accept; the server still decides.
 */
export function regionsWhere(me: Pick<MeView, "grants">, permission: Permission): "all" | string[] {
  const codes = new Set<string>();
  for (const g of me.grants) {
    if (!roles[g.role].permissions.includes(permission)) continue;
    if (g.scopeType === "province") return "all";
    if ((g.scopeType === "region" || g.scopeType === "department") && g.regionCode) codes.add(g.regionCode);
  }
  // keep only the widest codes: 220100 makes 220102 redundant
  const list = [...codes];
  return list.filter((c) => !list.some((o) => o !== c && regionWithin(c, o)));
}

/** A path inside the console to return to after login; anything else (other sites, "//x") → "/". */
export function safeNext(next: string | null | undefined): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (next.startsWith("/login") || next.startsWith("/change-password")) return "/";
  return next;
}
