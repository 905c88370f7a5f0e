import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import type { ErrorBody, ValidationIssue } from "../../../../shared/src/errors.ts";
import { AppError, fromDatabaseError } from "./errors.ts";
import { redactError } from "./log-redact.ts";

function send(reply: FastifyReply, req: FastifyRequest, status: number, code: string, message: string, details?: unknown) {
  const body: ErrorBody = { error: { code, message, requestId: req.id, ...(details === undefined ? {} : { details }) } };
  return reply.status(status).type("application/json; charset=utf-8").send(body);
}

function joinPath(prefix: string, path: ReadonlyArray<PropertyKey>): string {
  const parts = path.map((p) => (typeof p === "number" ? `[${p}]` : String(p)));
  return [prefix, ...parts].filter(Boolean).join(".").replace(/\.\[/g, "[");
}

/** One error shape for every failure; validation lists every issue with its field path. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const ctx = (err.validationContext ?? "body") as string;
      const issues: ValidationIssue[] = err.validation.map((v) => {
        const path = v.instancePath.split("/").filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
        const unknownKeys = v.keyword === "unrecognized_keys" ? (v.params as { keys?: string[] }).keys : undefined;
        if (unknownKeys) {
          return { path: joinPath(ctx, [...path, unknownKeys.join(",")]), code: "unknown_field", message: `不允许的字段: ${unknownKeys.join(", ")}` };
        }
        return { path: joinPath(ctx, path), code: v.keyword, message: v.message ?? "无效" };
      });
      return send(reply, req, 400, "request.invalid", "请求内容有误", { issues });
    }
    if (err instanceof AppError) {
      if (err.status >= 500) req.log.error({ error: redactError(err) }, "app error");
      return send(reply, req, err.status, err.code, err.message, err.details);
    }
    const dbErr = fromDatabaseError(err);
    if (dbErr) return send(reply, req, dbErr.status, dbErr.code, dbErr.message, dbErr.details);
    switch (err.code) {
      case "FST_ERR_CTP_INVALID_JSON_BODY":
      case "FST_ERR_CTP_EMPTY_JSON_BODY":
        return send(reply, req, 400, "request.malformed_json", "请求体不是有效的 JSON");
      case "FST_ERR_CTP_BODY_TOO_LARGE":
        return send(reply, req, 413, "request.too_large", "请求体过大");
      case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
        return send(reply, req, 415, "request.unsupported_media_type", "不支持的内容类型");
    }
    if (err instanceof SyntaxError && err.message.includes("JSON")) {
      return send(reply, req, 400, "request.malformed_json", "请求体不是有效的 JSON");
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ error: redactError(err) }, "response did not match its contract");
    } else if (typeof err.statusCode === "number" && err.statusCode >= 400 && err.statusCode < 500) {
      return send(reply, req, err.statusCode, "request.invalid", err.message);
    } else {
      // never the raw error: database errors carry the query's parameters (personal data)
      req.log.error({ error: redactError(err) }, "unexpected error");
    }
    return send(reply, req, 500, "internal.error", "系统内部错误，请联系管理员并提供请求编号");
  });

  app.setNotFoundHandler((req, reply) => send(reply, req, 404, "route.not_found", `没有这个接口: ${req.method} ${req.url.split("?")[0]}`));
}
