import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";

export type SearchState<K extends string> = Partial<Record<K, string>>;

/**
 * Filters and page number kept in the address bar, so a list survives reload, back and a shared
 * link. Changing any filter returns to page 1 unless the patch sets the page itself.
 */
export function useSearchState<K extends string>(keys: readonly K[]): [SearchState<K>, (patch: Partial<Record<K, string | number | null | undefined>>) => void] {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => {
    const s: SearchState<K> = {};
    for (const k of keys) {
      const v = params.get(k);
      if (v) s[k] = v;
    }
    return s;
  }, [params, keys]);
  const update = useCallback(
    (patch: Partial<Record<K, string | number | null | undefined>>) => {
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch) as [string, string | number | null | undefined][]) {
          if (v === undefined || v === null || v === "") next.delete(k);
          else next.set(k, String(v));
        }
        if (!("page" in patch)) next.delete("page");
        return next;
      });
    },
    [setParams],
  );
  return [state, update];
}

/** A positive integer from the address bar, or the fallback. */
export function intParam(v: string | undefined, fallback: number, max = 10_000): number {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : fallback;
}

/** The value when it is one of `allowed`, else undefined (a hand-edited URL must not reach the API). */
export function oneOf<T extends string>(v: string | undefined, allowed: readonly T[]): T | undefined {
  return allowed.includes(v as T) ? (v as T) : undefined;
}
