/** How the code screen stands at `now`: seconds left, the share of the period left, and whether the code is past. */
export function codeCountdown(validUntil: string, periodSeconds: number, now: number): { secondsLeft: number; fraction: number; expired: boolean } {
  const leftMs = new Date(validUntil).getTime() - now;
  const secondsLeft = Math.max(0, Math.ceil(leftMs / 1000));
  const fraction = Math.min(1, Math.max(0, leftMs / (periodSeconds * 1000)));
  return { secondsLeft, fraction, expired: leftMs <= 0 };
}

/**
 * When to ask for the next code: just after `validUntil`; if the answer came back with the same
 * (already past) validUntil — the server's clock is a little behind ours — ask again in a second.
 */
export function nextCodeFetchMs(validUntil: string, now: number): number {
  const leftMs = new Date(validUntil).getTime() - now;
  return leftMs > 0 ? leftMs + 250 : 1000;
}
