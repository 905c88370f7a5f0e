import { useQueryClient } from "@tanstack/react-query";
import { Button, Modal } from "antd";
import { useEffect, useRef, useState } from "react";
import { type IdleState, idleState } from "./idle.ts";
import { sessionKeys } from "./session.ts";

const ACTIVITY_EVENTS = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart", "scroll"] as const;
/** shared between tabs, so working in one tab keeps the others open too */
const STORAGE_KEY = "jl.lastActivity";
/** while the user is active, ask the server now and then so its idle clock restarts as well */
const KEEP_ALIVE_MS = 5 * 60_000;

function sharedLastActivity(): number {
  try {
    return Number(localStorage.getItem(STORAGE_KEY)) || 0;
  } catch {
    return 0;
  }
}

/** Warns before, and logs out after, `idleMinutes` without keyboard, mouse or touch activity. */
export function IdleTimeout({ idleMinutes, onExpire }: { idleMinutes: number; onExpire: () => void }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<IdleState>({ kind: "active" });
  const lastActivity = useRef(Date.now());
  const lastKeepAlive = useRef(Date.now());
  const expired = useRef(false);
  const expire = useRef(onExpire);
  expire.current = onExpire;

  useEffect(() => {
    const idleMs = idleMinutes * 60_000;
    const mark = () => {
      const now = Date.now();
      if (now - lastActivity.current < 1000) return;
      lastActivity.current = now;
      try {
        localStorage.setItem(STORAGE_KEY, String(now));
      } catch {
        // private mode: this tab alone counts
      }
    };
    const tick = () => {
      const now = Date.now();
      const last = Math.max(lastActivity.current, sharedLastActivity());
      const next = idleState(now, last, idleMs);
      setState((prev) => (prev.kind === next.kind && (prev.kind !== "warn" || next.kind !== "warn" || prev.secondsLeft === next.secondsLeft) ? prev : next));
      if (next.kind === "expired" && !expired.current) {
        expired.current = true;
        expire.current();
      } else if (next.kind === "active" && last > lastKeepAlive.current && now - lastKeepAlive.current > KEEP_ALIVE_MS) {
        lastKeepAlive.current = now;
        void queryClient.invalidateQueries({ queryKey: sessionKeys.me() });
      }
    };
    mark();
    for (const ev of ACTIVITY_EVENTS) window.addEventListener(ev, mark, { passive: true });
    const timer = window.setInterval(tick, 1000);
    return () => {
      for (const ev of ACTIVITY_EVENTS) window.removeEventListener(ev, mark);
      window.clearInterval(timer);
    };
  }, [idleMinutes, queryClient]);

  const stay = () => {
    lastActivity.current = Date.now();
    lastKeepAlive.current = Date.now();
    void queryClient.invalidateQueries({ queryKey: sessionKeys.me() });
    setState({ kind: "active" });
  };

  return (
    <Modal
      open={state.kind === "warn"}
      title="即将自动退出"
      closable={false}
      mask={{ closable: false }}
      footer={[
        <Button key="logout" onClick={() => expire.current()}>
          立即退出
        </Button>,
        <Button key="stay" type="primary" onClick={stay}>
          继续使用
        </Button>,
      ]}
    >
      您已较长时间没有操作，为保护数据安全，系统将在 <strong>{state.kind === "warn" ? state.secondsLeft : 0}</strong> 秒后自动退出登录。
    </Modal>
  );
}
