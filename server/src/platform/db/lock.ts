import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { AppError } from "../http/errors.ts";

/**
 * One process per data directory: PGlite has no locking of its own and two writers corrupt it.
 *
 * The lock is `platform.lock` holding the holder's pid. Every step that decides ownership is one
 * atomic file-system operation, so two processes starting at once cannot both think they hold it:
 * - the lock is created complete, never empty: the pid goes into a private temp file that is then
 *   hard-linked to `platform.lock` (link fails if the name exists, like `open(…, "wx")`);
 * - a lock left by a process that no longer runs (hard kill) is taken over only while holding
 *   `platform.lock.takeover`, itself created atomically; inside it the lock is read again and
 *   replaced only if it still names the dead process. Whoever loses any of these races reads the
 *   winner's pid and is refused.
 * A takeover file left by a process killed inside those few microseconds is not guessed around:
 * the start is refused with its path, to be removed by hand.
 */
export function lockDataDir(dataDir: string, opts: { isAlive?: (pid: number) => boolean } = {}): () => void {
  const alive = (pid: number) => pid === process.pid || (opts.isAlive ?? isAlive)(pid);
  const lockPath = path.join(dataDir, "platform.lock");
  const refuse = (holder: number) =>
    new AppError(
      "db.locked",
      `数据目录 ${dataDir} 正由另一个进程（PID ${holder}）使用。The data directory ${dataDir} is in use by process ${holder}; stop it first or set DATA_DIR to another folder.`,
    );
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createWithPid(lockPath)) return releaser(lockPath);
    const holder = readPid(lockPath);
    if (holder === undefined) continue; // released meanwhile: try again
    if (alive(holder)) throw refuse(holder);
    const takeover = `${lockPath}.takeover`;
    if (!createWithPid(takeover)) {
      const other = readPid(takeover);
      if (other !== undefined && alive(other)) throw refuse(other); // it is taking the folder right now
      if (other !== undefined) {
        throw new AppError(
          "db.locked",
          `数据目录 ${dataDir} 的锁处于中断状态，请确认没有进程在使用后删除 ${takeover}。A start was interrupted while taking over ${dataDir}: make sure no process uses it, then delete ${takeover}.`,
        );
      }
      continue;
    }
    try {
      // only the holder of the takeover file gets here; the lock may have changed since it was read
      const now = readPid(lockPath);
      if (now !== undefined && alive(now)) throw refuse(now);
      if (now !== undefined) fs.unlinkSync(lockPath);
      if (createWithPid(lockPath)) return releaser(lockPath);
    } finally {
      fs.rmSync(takeover, { force: true });
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}

/** Atomically creates `file` holding this process's pid; false when it already exists. */
function createWithPid(file: string): boolean {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(tmp, String(process.pid), { flag: "wx" });
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, "utf8").trim());
    // files are only ever created complete, so anything unreadable as a pid is not ours: treat it as a dead holder
    return Number.isInteger(pid) && pid > 0 ? pid : 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

function releaser(lockPath: string): () => void {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener("exit", release);
    if (readPid(lockPath) === process.pid) fs.rmSync(lockPath, { force: true });
  };
  process.once("exit", release);
  return release;
}

function isAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
