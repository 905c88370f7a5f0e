import fs from "node:fs";
import path from "node:path";

/**
 * Writes a small file (a key, a manifest) and makes it and its directory entry durable before
 * returning: a data key lost to a power cut after data was encrypted with it loses that data.
 */
export function writeFileDurably(file: string, content: string | Uint8Array, opts: { mode?: number; exclusive?: boolean } = {}): void {
  const fd = fs.openSync(file, opts.exclusive ? "wx" : "w", opts.mode ?? 0o666);
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fsyncPath(path.dirname(file));
}

/** fsync(2) on a file or directory that is already written (a backup pg_dump wrote). */
export function fsyncPath(p: string): void {
  const fd = fs.openSync(p, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
