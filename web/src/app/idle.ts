/** How long before the forced logout the warning appears. */
export function warnLeadMs(idleMs: number): number {
  return Math.min(60_000, Math.floor(idleMs / 2));
}

export type IdleState = { kind: "active" } | { kind: "warn"; secondsLeft: number } | { kind: "expired" };

/** Where a user stands `now` after their last activity, with the session ending after `idleMs`. */
export function idleState(now: number, lastActivity: number, idleMs: number): IdleState {
  const left = lastActivity + idleMs - now;
  if (left <= 0) return { kind: "expired" };
  if (left <= warnLeadMs(idleMs)) return { kind: "warn", secondsLeft: Math.ceil(left / 1000) };
  return { kind: "active" };
}
