import { Spin } from "antd";

/** Shown while a page's code or the session loads; small, so the first screen does not wait for the console layout. */
export function FullPageSpin() {
  return (
    <div style={{ minHeight: "100vh", display: "grid", placeItems: "center" }}>
      <Spin size="large" />
    </div>
  );
}
