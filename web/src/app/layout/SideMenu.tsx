import { Menu } from "antd";
import { createElement } from "react";
import { useLocation, useNavigate } from "react-router";
import { menuEntries, selectedMenuPath, visibleMenu } from "../menu.ts";

/** The pages this user may open; nothing else is listed. */
export function SideMenu({ permissions, onNavigate }: { permissions: readonly string[]; onNavigate?: () => void }) {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const entries = visibleMenu(menuEntries, permissions);
  return (
    <Menu
      mode="inline"
      selectedKeys={[selectedMenuPath(entries, pathname)]}
      items={entries.map((e) => ({ key: e.path, icon: createElement(e.icon), label: e.label }))}
      onClick={({ key }) => {
        onNavigate?.();
        void navigate(key);
      }}
      style={{ borderInlineEnd: "none" }}
    />
  );
}
