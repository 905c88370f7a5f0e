import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { CreateUserBody, UpdateUserBody, UserView, listUsersQuery, userList, userWithPassword } from "../../../../shared/src/contracts/users.ts";
import { api } from "../../app/api-client.ts";

export type UserListQuery = Partial<z.infer<typeof listUsersQuery>>;
export type UserList = z.infer<typeof userList>;
export type UserWithPassword = z.infer<typeof userWithPassword>;

/** Query keys of the users module; every list of users sits under `usersKeys.lists()`. */
export const usersKeys = {
  all: ["users"] as const,
  lists: () => [...usersKeys.all, "list"] as const,
  list: (q: UserListQuery) => [...usersKeys.lists(), q] as const,
  detail: (id: string) => [...usersKeys.all, "detail", id] as const,
};

export function useUserList(q: UserListQuery) {
  return useQuery({
    queryKey: usersKeys.list(q),
    queryFn: ({ signal }) => api.get<UserList>("/api/users", q, signal),
    placeholderData: keepPreviousData,
  });
}

function useInvalidateUsers() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: usersKeys.all });
}

export function useCreateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (body: CreateUserBody) => api.post<UserWithPassword>("/api/users", body),
    onSuccess: invalidate,
  });
}

export function useUpdateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateUserBody }) => api.patch<UserView>(`/api/users/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useUnlockUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (id: string) => api.post<UserView>(`/api/users/${id}/unlock`),
    onSuccess: invalidate,
  });
}

export function useResetPassword() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (id: string) => api.post<UserWithPassword>(`/api/users/${id}/reset-password`),
    onSuccess: invalidate,
  });
}
