import path from "node:path";

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
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
    adminPassword: env.ADMIN_PASSWORD || undefined,
    sessionIdleMinutes: int(env.SESSION_IDLE_MINUTES, 30, "SESSION_IDLE_MINUTES"),
    sessionMaxHours: int(env.SESSION_MAX_HOURS, 12, "SESSION_MAX_HOURS"),
    secureCookies: env.SECURE_COOKIES === "true" || env.SECURE_COOKIES === "1",
    allowedOrigins: (env.ALLOWED_ORIGINS || "").split(",").map((s) => s.trim()).filter(Boolean),
    dataKey: env.DATA_KEY || undefined,
    webDist: path.resolve(env.WEB_DIST || "./web/dist"),
    logLevel: env.LOG_LEVEL || "info",
  };
}
