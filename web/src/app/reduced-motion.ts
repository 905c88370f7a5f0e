import { useSyncExternalStore } from "react";

/**
 * Whether the user asked the system for less motion (`prefers-reduced-motion: reduce`, WCAG 2.3.3):
 * then dialogs, drawers, popovers and charts appear at once instead of zooming, sliding or growing in.
 * It also keeps browser journeys honest: a click on a button that is still zooming in can land beside
 * it (e2e contexts ask for reduced motion).
 */
const QUERY = "(prefers-reduced-motion: reduce)";

function subscribe(onChange: () => void): () => void {
  const list = window.matchMedia(QUERY);
  list.addEventListener("change", onChange);
  return () => list.removeEventListener("change", onChange);
}

export const prefersReducedMotion = (): boolean => window.matchMedia(QUERY).matches;

export function useReducedMotion(): boolean {
  return useSyncExternalStore(subscribe, prefersReducedMotion);
}
