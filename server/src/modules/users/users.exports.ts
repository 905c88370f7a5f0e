import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { listUsersQuery, type UserView } from "../../../../shared/src/contracts/users.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import { chinaDateTime, collectPages, type ExportColumn, sendXlsx, writeXlsx } from "../../platform/spreadsheet/index.ts";
import { listUsers } from "./users.service.ts";

const exportQuery = listUsersQuery.omit({ page: true, pageSize: true });
type ExportQuery = ReturnType<typeof exportQuery.parse>;

const grantText = (g: UserView["grants"][number]) => {
  const where = g.regionName ?? g.departmentCode ?? (g.scopeType === "province" ? "全省" : g.scopeType === "institution" ? "本机构" : "");
  return where ? `${g.roleLabel}（${where}）` : g.roleLabel;
};

/** 用户列表 through the list's own service: same scope (users whose every grant the caller covers), same filters. @throws export.too_large */
export async function exportUsers(deps: Deps, ctx: Ctx, q: ExportQuery): Promise<Buffer> {
  const rows = await collectPages((page, pageSize) => listUsers(deps, ctx, { ...q, page, pageSize }));
  const cols: ExportColumn<UserView>[] = [
    { header: "用户名", width: 16, value: (u) => u.username },
    { header: "姓名", value: (u) => u.displayName },
    { header: "所属地区", value: (u) => `${u.regionName}（${u.regionCode}）` },
    { header: "手机号", width: 14, value: (u) => u.phone },
    { header: "角色与范围", width: 40, value: (u) => u.grants.map(grantText).join("；") },
    { header: "状态", value: (u) => (u.status === "active" ? "正常" : "已停用") },
    { header: "锁定至", width: 18, value: (u) => chinaDateTime(u.lockedUntil) },
    { header: "最近登录", width: 18, value: (u) => chinaDateTime(u.lastLoginAt) },
    { header: "创建时间", width: 18, value: (u) => chinaDateTime(u.createdAt) },
  ];
  return writeXlsx("用户", cols, rows);
}

/** Export routes of the users module (kept here so the routes file only gains one line). */
export function registerUserExports(fastify: FastifyInstance, deps: Deps): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get("/api/users/export", { config: { access: "user.read" }, schema: { tags: ["users"], summary: "导出用户列表 (.xlsx，与列表同范围、同筛选)", querystring: exportQuery } }, async (req, reply) =>
    sendXlsx(reply, await exportUsers(deps, req.ctx, req.query), "用户"),
  );
}
