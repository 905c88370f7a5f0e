import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { writeFileDurably } from "./durable-file.ts";

/**
 * Field encryption for sensitive personal data (ID numbers, disability, poverty, criminal records):
 * AES-256-GCM with a random nonce, plus a keyed hash (HMAC-SHA-256) for exact look-up.
 * Stored as `v1:<nonce b64>:<ciphertext+tag b64>`.
 */
export interface DataCrypto {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  lookupHash(plain: string): string;
}

export function createDataCrypto(keyMaterial: string): DataCrypto {
  const master = createHash("sha256").update(keyMaterial).digest();
  const encKey = createHmac("sha256", master).update("enc").digest();
  const macKey = createHmac("sha256", master).update("lookup").digest();
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv("aes-256-gcm", encKey, iv);
      const body = Buffer.concat([c.update(plain, "utf8"), c.final(), c.getAuthTag()]);
      return `v1:${iv.toString("base64")}:${body.toString("base64")}`;
    },
    decrypt(stored) {
      const [v, ivB64, bodyB64] = stored.split(":");
      if (v !== "v1" || !ivB64 || !bodyB64) throw new Error("unknown ciphertext format");
      const body = Buffer.from(bodyB64, "base64");
      const d = createDecipheriv("aes-256-gcm", encKey, Buffer.from(ivB64, "base64"));
      d.setAuthTag(body.subarray(body.length - 16));
      return Buffer.concat([d.update(body.subarray(0, body.length - 16)), d.final()]).toString("utf8");
    },
    lookupHash(plain) {
      return createHmac("sha256", macKey).update(plain).digest("base64url");
    },
  };
}

/**
 * The key comes from DATA_KEY; without it, one is generated once into the data directory so the
 * embedded start works out of the box (and is written next to the data it protects — production
 * deployments must set DATA_KEY from a secret store).
 */
export function resolveDataKey(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  const file = path.join(dataDir, "data.key");
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    const key = randomBytes(32).toString("hex");
    // durable before anything is encrypted with it: a key lost to a power cut loses that data
    writeFileDurably(file, key, { mode: 0o600, exclusive: true });
    return key;
  }
}
