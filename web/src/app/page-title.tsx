import { useEffect } from "react";
import { Outlet, type UIMatch, useMatches } from "react-router";

export const PLATFORM_NAME = "吉林省职业技能培训信息管理平台";

/** What a route declares in its `handle`: the page's name for the browser tab and screen readers. */
export interface RouteHandle {
  title: string;
}

/** The deepest matched route's title wins ("学员管理" inside the console, "签到" inside /m). */
export function routeTitle(matches: readonly Pick<UIMatch, "handle">[]): string | undefined {
  for (let i = matches.length - 1; i >= 0; i--) {
    const title = (matches[i]?.handle as Partial<RouteHandle> | undefined)?.title;
    if (title) return title;
  }
  return undefined;
}

/** The current page's title as its routes declare it. */
export function useRouteTitle(): string | undefined {
  return routeTitle(useMatches());
}

/** Sets document.title from the route on every navigation, so tabs, history and screen readers name the page. */
export function usePageTitle() {
  const title = useRouteTitle();
  useEffect(() => {
    document.title = title ? `${title} · ${PLATFORM_NAME}` : PLATFORM_NAME;
  }, [title]);
}

/** The root route: sets the page title, renders the matched page. */
export function RootRoute() {
  usePageTitle();
  return <Outlet />;
}
