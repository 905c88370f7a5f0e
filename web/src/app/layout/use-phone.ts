import { useSyncExternalStore } from "react";

/** below antd's `md` breakpoint (768px) */
const PHONE_QUERY = "(max-width: 767.98px)";

function subscribe(onChange: () => void): () => void {
  const mq = window.matchMedia(PHONE_QUERY);
  mq.addEventListener("change", onChange);
  return () => mq.removeEventListener("change", onChange);
}

/**
 * Whether the screen is phone-sized, known on the very first render (antd's Grid.useBreakpoint
 * only knows after an effect, so a phone would briefly get the desktop side menu).
 */
export function useIsPhone(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(PHONE_QUERY).matches);
}
