import { promisify } from "node:util";
import zlib from "node:zlib";
import type { FastifyInstance } from "fastify";

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** smaller answers are not worth the CPU and latency of compressing */
export const COMPRESS_MIN_BYTES = 2048;
/** text-like types only: spreadsheets, images and archives are already compressed */
const COMPRESSIBLE = /^(application\/(json|problem\+json|javascript|xml)|text\/|image\/svg\+xml)/i;

/** The encoding to answer in from an Accept-Encoding header: brotli, else gzip, honouring q=0. */
export function chooseEncoding(header: string | undefined): "br" | "gzip" | null {
  if (!header) return null;
  const accepted = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    accepted.set(name.trim(), q ? Number(q.slice(2)) || 0 : 1);
  }
  const wildcard = accepted.get("*") ?? 0;
  const q = (name: string) => accepted.get(name) ?? wildcard;
  if (q("br") > 0) return "br";
  if (q("gzip") > 0) return "gzip";
  return null;
}

/**
 * Compresses API answers (JSON lists, the OpenAPI document) above 2 KB for clients that accept it.
 * Built console files are not compressed here: they are sent precompressed (web/scripts/precompress.ts),
 * and streamed payloads (files, spreadsheets) pass through untouched.
 */
export function registerCompression(app: FastifyInstance): void {
  app.addHook("onSend", async (req, reply, payload) => {
    if (typeof payload !== "string" && !Buffer.isBuffer(payload)) return payload;
    if (req.method === "HEAD" || reply.statusCode === 204 || reply.statusCode === 304 || reply.hasHeader("content-encoding")) return payload;
    const type = String(reply.getHeader("content-type") ?? "");
    if (!COMPRESSIBLE.test(type)) return payload;
    const size = typeof payload === "string" ? Buffer.byteLength(payload) : payload.length;
    if (size < COMPRESS_MIN_BYTES) return payload;
    // caches must keep compressed and plain answers apart, whichever this client gets
    reply.header("vary", appendVary(reply.getHeader("vary")));
    const encoding = chooseEncoding(req.headers["accept-encoding"]);
    if (!encoding) return payload;
    // quality 5 brotli / level 6 gzip: most of the saving at a few ms for a 1 MB list
    const body =
      encoding === "br"
        ? await brotli(payload, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size } })
        : await gzip(payload, { level: 6 });
    reply.header("content-encoding", encoding);
    reply.removeHeader("content-length");
    return body;
  });
}

function appendVary(current: unknown): string {
  const value = Array.isArray(current) ? current.join(", ") : current ? String(current) : "";
  if (/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(value)) return value;
  return value ? `${value}, Accept-Encoding` : "Accept-Encoding";
}
