import net from "node:net";
import path from "node:path";

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  /** PostgreSQL read replica (streaming standby) for the lag-tolerant reads; unset: they read the primary */
  databaseReplicaUrl: string | undefined;
  adminPassword: string | undefined;
  sessionIdleMinutes: number;
  /** a session ends this many hours after login however busy it is */
  sessionMaxHours: number;
  secureCookies: boolean;
  /** origins allowed to send state-changing requests besides the server's own */
  allowedOrigins: string[];
  /**
   * reverse proxies (addresses, CIDRs, or proxy-addr's `loopback`/`linklocal`/`uniquelocal`) whose
   * X-Forwarded-For / -Proto / -Host are believed; empty: none, the client is the socket's peer
   */
  trustProxy: string[];
  /** 32-byte key (hex/base64) for encrypting personal data; derived from DATA_DIR file when absent */
  dataKey: string | undefined;
  webDist: string;
  logLevel: string;
  /** owner connection for migrations and seeds; the app then runs as DATABASE_URL's narrower role */
  databaseMigrationUrl: string | undefined;
  /** Ed25519 private key (PEM or base64 PKCS#8) signing audit chain heads; a DATA_DIR file when absent (embedded only) */
  auditSigningKey: string | undefined;
  /** sign the audit chain head after this many entries… */
  auditAnchorEntries: number;
  /** …or after this many minutes with anything new */
  auditAnchorMinutes: number;
}

const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

/** TRUST_PROXY: comma-separated addresses or CIDRs of the reverse proxies in front of the server. */
export function parseTrustProxy(value: string | undefined): string[] {
  const entries = (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const e of entries) {
    if (PROXY_NAMES.has(e)) continue;
    const [ip, bits, ...rest] = e.split("/");
    const family = net.isIP(ip ?? "");
    const max = family === 4 ? 32 : 128;
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
    if (!family || !bitsOk || rest.length) {
      throw new Error(`TRUST_PROXY must list proxy addresses or CIDRs (e.g. 10.0.0.5,10.1.0.0/16) or loopback/linklocal/uniquelocal, got "${e}"`);
    }
  }
  return entries;
}

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    host: env.HOST || "127.0.0.1",
    port: int(env.PORT, 3000, "PORT"),
    dataDir: path.resolve(env.DATA_DIR || "./data"),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseReplicaUrl: env.DATABASE_REPLICA_URL || undefined,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    sessionIdleMinutes: int(env.SESSION_IDLE_MINUTES, 30, "SESSION_IDLE_MINUTES"),
    sessionMaxHours: int(env.SESSION_MAX_HOURS, 12, "SESSION_MAX_HOURS"),
    secureCookies: env.SECURE_COOKIES === "true" || env.SECURE_COOKIES === "1",
    allowedOrigins: (env.ALLOWED_ORIGINS || "").split(",").map((s) => s.trim()).filter(Boolean),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    dataKey: env.DATA_KEY || undefined,
    webDist: path.resolve(env.WEB_DIST || "./web/dist"),
    logLevel: env.LOG_LEVEL || "info",
    databaseMigrationUrl: env.DATABASE_MIGRATION_URL || undefined,
    auditSigningKey: env.AUDIT_SIGNING_KEY || undefined,
    auditAnchorEntries: int(env.AUDIT_ANCHOR_ENTRIES, 1000, "AUDIT_ANCHOR_ENTRIES"),
    auditAnchorMinutes: int(env.AUDIT_ANCHOR_MINUTES, 60, "AUDIT_ANCHOR_MINUTES"),
  };
}
