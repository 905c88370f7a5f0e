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
    dataKey: env.DATA_KEY || undefined,
    webDist: path.resolve(env.WEB_DIST || "./web/dist"),
    logLevel: env.LOG_LEVEL || "info",
    databaseMigrationUrl: env.DATABASE_MIGRATION_URL || undefined,
    auditSigningKey: env.AUDIT_SIGNING_KEY || undefined,
    auditAnchorEntries: int(env.AUDIT_ANCHOR_ENTRIES, 1000, "AUDIT_ANCHOR_ENTRIES"),
    auditAnchorMinutes: int(env.AUDIT_ANCHOR_MINUTES, 60, "AUDIT_ANCHOR_MINUTES"),
  };
}
