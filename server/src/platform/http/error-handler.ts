import { randomUUID } from "node:crypto";
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
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
    const appErr = err instanceof AppError ? err : fromDatabaseError(err);
    if (appErr?.code === "db.unavailable") {
      // the pool has dropped the lost connection; the next request connects again
      req.log.warn({ error: redactError(err) }, "database connection lost");
      reply.header("retry-after", "1");
    } else if (appErr && err instanceof AppError && appErr.status >= 500) req.log.error({ error: redactError(err) }, "app error");
    if (appErr) return send(reply, req, appErr.status, appErr.code, appErr.message, appErr.details);
    switch (err.code) {
      case "FST_ERR_CTP_INVALID_JSON_BODY":
      case "FST_ERR_CTP_EMPTY_JSON_BODY":
        return send(reply, req, 400, "request.malformed_json", "请求体不是有效的 JSON");
      case "FST_ERR_CTP_BODY_TOO_LARGE":
        return send(reply, req, 413, "request.too_large", "请求体过大");
      case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
        return send(reply, req, 415, "request.unsupported_media_type", "不支持的内容类型");
      case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
        return send(reply, req, 400, "request.invalid", "请求头 Content-Length 与请求体不符");
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

  // no text field takes NUL: PostgreSQL cannot store it, and no person types it
  app.addHook("preValidation", async (req) => {
    const issues = [
      ...nulIssues(req.params, "params"),
      ...nulIssues(req.query, "querystring"),
      ...(Buffer.isBuffer(req.body) ? [] : nulIssues(req.body, "body")),
    ];
    if (issues.length) throw new AppError("request.invalid", "请求内容有误", { issues });
  });

  app.setNotFoundHandler((req, reply) => send(reply, req, 404, "route.not_found", `没有这个接口: ${req.method} ${req.url.split("?")[0]}`));
}

/** Every string (or key) under `value` that holds a NUL character, with its path. */
export function nulIssues(value: unknown, prefix: string, depth = 0): ValidationIssue[] {
  if (typeof value === "string") return value.includes("\u0000") ? [{ path: prefix, code: "nul_character", message: "不能包含空字符（\\0）" }] : [];
  if (!value || typeof value !== "object" || depth > 32) return [];
  const out: ValidationIssue[] = [];
  const entries: [PropertyKey, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [k, v] of entries) {
    const path = joinPath(prefix, [k]);
    if (typeof k === "string" && k.includes("\u0000")) out.push({ path, code: "nul_character", message: "字段名不能包含空字符" });
    out.push(...nulIssues(v, path, depth + 1));
  }
  return out;
}

/**
 * Fastify answers some requests before any route (a URL it cannot decode, a parameter past
 * maxParamLength); `frameworkErrors` gives those the platform's error shape too.
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const status = typeof err.statusCode === "number" && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  return send(reply, req, status, status === 414 ? "request.too_long" : "request.invalid", status === 414 ? "请求地址过长" : "请求地址无效");
}

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (oversized headers, broken
 * request lines): answered in the platform's error shape, then the connection is closed.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const [status, code, message] =
    err.code === "HPE_HEADER_OVERFLOW"
      ? [431, "request.too_long", "请求头或请求地址过长"]
      : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "request.timeout", "请求超时"]
        : [400, "request.invalid", "请求格式无效"];
  const body: ErrorBody = { error: { code, message, requestId: randomUUID() } };
  const json = JSON.stringify(body);
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(json)}\r\nContent-Type: application/json; charset=utf-8\r\n\r\n${json}`);
  }
  socket.destroy(err);
}
