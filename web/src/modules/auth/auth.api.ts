import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { changePasswordBody, loginBody } from "../../../../shared/src/contracts/users.ts";
import { api } from "../../app/api-client.ts";
import { sessionKeys } from "../../app/session.ts";

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: z.infer<typeof loginBody>) => api.post<{ mustChangePassword: boolean }>("/api/auth/login", body),
    // whoever was signed in before, their cached answers must not show
    onSuccess: () => queryClient.clear(),
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: z.infer<typeof changePasswordBody>) => api.post<{ ok: true }>("/api/auth/change-password", body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionKeys.me() }),
  });
}
