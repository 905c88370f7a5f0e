import { z } from "zod";
import { roleNames, scopeTypes } from "../permissions.ts";
import { pageQuery, paged, regionCode, uuid } from "./common.ts";

export const loginBody = z.strictObject({
  username: z.string().trim().min(1, "请输入用户名").max(64),
  password: z.string().min(1, "请输入密码").max(128),
});

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1, "请输入当前密码").max(128),
  newPassword: z.string().min(1, "请输入新密码").max(128),
});

export const grantInput = z.strictObject({
  role: z.enum(roleNames),
  scopeType: z.enum(scopeTypes),
  regionCode: regionCode.nullish(),
  departmentCode: z.string().min(1).max(32).nullish(),
  institutionId: uuid.nullish(),
});
export type GrantInput = z.infer<typeof grantInput>;

export const createUserBody = z.strictObject({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{3,32}$/, "用户名为 3–32 位字母、数字、下划线、点或连字符"),
  displayName: z.string().trim().min(1, "请输入姓名").max(50),
  regionCode,
  phone: z
    .string()
    .regex(/^1\d{10}$/, "须为 11 位手机号")
    .nullish(),
  /** omitted → a temporary password is generated and returned once */
  password: z.string().max(128).optional(),
  grants: z.array(grantInput).min(1, "至少分配一个角色").max(20),
});
export type CreateUserBody = z.infer<typeof createUserBody>;

export const updateUserBody = z.strictObject({
  displayName: z.string().trim().min(1).max(50).optional(),
  phone: z
    .string()
    .regex(/^1\d{10}$/, "须为 11 位手机号")
    .nullish(),
  status: z.enum(["active", "disabled"]).optional(),
  grants: z.array(grantInput).min(1, "至少分配一个角色").max(20).optional(),
});
export type UpdateUserBody = z.infer<typeof updateUserBody>;

export const listUsersQuery = z.strictObject({
  q: z.string().trim().max(64).optional(),
  regionCode: regionCode.optional(),
  role: z.enum(roleNames).optional(),
  status: z.enum(["active", "disabled"]).optional(),
  ...pageQuery,
});

export const grantView = z.object({
  role: z.enum(roleNames),
  roleLabel: z.string(),
  scopeType: z.enum(scopeTypes),
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
  departmentCode: z.string().nullable(),
  /** the department's Chinese name, so no screen shows a bare code */
  departmentName: z.string().nullable(),
  institutionId: z.string().nullable(),
  /** the institution's registered name, so no screen shows its id */
  institutionName: z.string().nullable(),
});

export const userView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  phone: z.string().nullable(),
  status: z.enum(["active", "disabled"]),
  mustChangePassword: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  grants: z.array(grantView),
  /** from the account rules: an administrator must cover the account's home region and every grant it holds */
  abilities: z.object({
    edit: z.boolean(),
    resetPassword: z.boolean(),
    disable: z.boolean(),
    enable: z.boolean(),
    changeGrants: z.boolean(),
    unlock: z.boolean(),
  }),
});
export type UserView = z.infer<typeof userView>;

export const userList = paged(userView);

export const userWithPassword = z.object({ user: userView, temporaryPassword: z.string().nullable() });

export const meView = z.object({
  user: z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    regionCode: z.string(),
    regionName: z.string(),
    mustChangePassword: z.boolean(),
  }),
  grants: z.array(grantView),
  permissions: z.array(z.string()),
  sessionIdleMinutes: z.number().int(),
});
export type MeView = z.infer<typeof meView>;
