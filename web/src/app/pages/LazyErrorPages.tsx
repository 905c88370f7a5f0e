import { lazy, Suspense } from "react";

// The error pages draw antd's Result illustrations (large inline SVGs): loaded only when shown,
// so the login page does not download them.
const load = () => import("./ErrorPages.tsx");
const NotFound = lazy(() => load().then((m) => ({ default: m.NotFoundPage })));
const Forbidden = lazy(() => load().then((m) => ({ default: m.ForbiddenPage })));
const RouteError = lazy(() => load().then((m) => ({ default: m.RouteErrorPage })));

export function NotFoundPage() {
  return (
    <Suspense fallback={null}>
      <NotFound />
    </Suspense>
  );
}

export function ForbiddenPage() {
  return (
    <Suspense fallback={null}>
      <Forbidden />
    </Suspense>
  );
}

export function RouteErrorPage() {
  return (
    <Suspense fallback={null}>
      <RouteError />
    </Suspense>
  );
}
