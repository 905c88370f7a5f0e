import { useCallback } from "react";
import { useNavigate } from "react-router";
import { api } from "./api-client.ts";

/**
 * Ends the session on the server (best effort) and shows the login page, which forgets every
 * cached answer once the pages that used them are gone (clearing earlier makes them refetch).
 */
export function useLogout() {
  const navigate = useNavigate();
  return useCallback(
    async (reason?: "idle") => {
      try {
        await api.post("/api/auth/logout");
      } catch {
        // the session may already be gone; the user still leaves
      }
      const here = window.location.pathname + window.location.search;
      const target = reason ? `/login?reason=${reason}&next=${encodeURIComponent(here)}` : "/login";
      await navigate(target, { replace: true });
    },
    [navigate],
  );
}
