import { Navigate } from "react-router";
import { useMe } from "../../app/session.ts";
import { DashboardPage } from "../dashboard/DashboardPage.tsx";
import { isTraineeOnly } from "./SessionGate.tsx";

/** The console's home; a trainee account goes to its phone pages (/m) instead. */
export function ConsoleHome() {
  const me = useMe();
  if (me.data && isTraineeOnly(me.data)) return <Navigate to="/m" replace />;
  return <DashboardPage />;
}
