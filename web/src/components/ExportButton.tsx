import { DownloadOutlined } from "@ant-design/icons";
import { Button } from "antd";
import { type QueryValue, toQueryString } from "../app/api-client.ts";

/** Downloads an .xlsx export; the browser sends the session cookie with the plain link. */
export function ExportButton({ path, query, label = "导出 Excel" }: { path: string; query?: Record<string, QueryValue>; label?: string }) {
  return (
    <Button icon={<DownloadOutlined />} href={path + toQueryString(query)} download>
      {label}
    </Button>
  );
}
