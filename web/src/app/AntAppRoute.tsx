import { App as AntApp } from "antd";
import { Outlet } from "react-router";

/**
 * antd's App (the message, notification and modal hooks of App.useApp) around every page but the
 * login page: it brings Modal and Notification, which the login page does not use, so it is a lazy
 * route of its own instead of a wrapper in main.tsx.
 */
export function AntAppRoute() {
  return (
    <AntApp>
      <Outlet />
    </AntApp>
  );
}
