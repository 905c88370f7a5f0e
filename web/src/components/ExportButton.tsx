import { DownloadOutlined } from "@ant-design/icons";
import { App, Button } from "antd";
import { useState } from "react";
import { ApiError, type QueryValue, toQueryString } from "../app/api-client.ts";
import { errorText } from "../app/error-messages.ts";

/** "培训班.xlsx" from `filename*=UTF-8''…` (the server names files in Chinese). */
function fileNameOf(disposition: string | null, fallback: string): string {
  const m = disposition && /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  return m ? decodeURIComponent(m[1]!) : fallback;
}

/**
 * Downloads an .xlsx export. Fetched rather than a plain link, so a refusal (too many rows — narrow
 * the filters; out of scope) is said in Chinese on the page instead of saved as a JSON "spreadsheet".
 */
export function ExportButton({ path, query, label = "导出 Excel" }: { path: string; query?: Record<string, QueryValue>; label?: string }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const res = await fetch(path + toQueryString(query), { credentials: "same-origin" });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string; details?: unknown } } | null;
        throw new ApiError(res.status, body?.error?.code ?? "internal.error", body?.error?.message ?? `HTTP ${res.status}`, body?.error?.details);
      }
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement("a");
      a.href = url;
      a.download = fileNameOf(res.headers.get("content-disposition"), "export.xlsx");
      document.body.append(a);
      a.click();
      a.remove();
      // give the browser a moment to start the download before the blob goes away
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void download()}>
      {label}
    </Button>
  );
}
