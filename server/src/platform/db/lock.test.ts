import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { lockDataDir } from "./lock.ts";

const root = path.resolve(import.meta.dirname, "../../../..");
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "jl-lock-"));
  dirs.push(d);
  return d;
}

/** A pid that is certainly not running: the lock a hard-killed server leaves behind. */
const DEAD_PID = 2 ** 22 + 12_345;

function tryLock(dir: string, opts: Parameters<typeof lockDataDir>[1] = {}): (() => void) | "refused" {
  try {
    return lockDataDir(dir, opts);
  } catch (e) {
    if ((e as { code?: string }).code === "db.locked") return "refused";
    throw e;
  }
}

describe("data folder lock", () => {
  it("a second acquisition in the same process is refused, and release frees the folder", () => {
    const dir = tempDir();
    const release = tryLock(dir);
    expect(release).toBeTypeOf("function");
    expect(tryLock(dir)).toBe("refused");
    (release as () => void)();
    const again = tryLock(dir);
    expect(again).toBeTypeOf("function");
    (again as () => void)();
  });

  it("two processes taking over the same stale lock at once: exactly one wins", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "platform.lock"), String(DEAD_PID));
    let second: ReturnType<typeof tryLock> | undefined;
    // the first sees the stale holder dead; before it takes over, the second runs to completion
    const first = tryLock(dir, {
      isAlive: (pid) => {
        if (pid === DEAD_PID && second === undefined) second = tryLock(dir, { isAlive: () => false });
        return pid === process.pid;
      },
    });
    const winners = [first, second].filter((r) => r !== "refused");
    expect(winners).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, "platform.lock"), "utf8")).toBe(String(process.pid));
  });

  it("concurrent starts in separate processes on a folder with a stale lock: one holds it, the others are refused", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "platform.lock"), String(DEAD_PID));
    const script = `
      import { lockDataDir } from ${JSON.stringify(path.join(root, "server/src/platform/db/lock.ts"))};
      process.stdout.write("ready\\n");
      process.stdin.once("data", () => {
        try { lockDataDir(${JSON.stringify(dir)}); process.stdout.write("acquired\\n"); }
        catch (e) { process.stdout.write(e.code === "db.locked" ? "refused\\n" : "error " + e.message + "\\n"); }
        process.stdin.once("end", () => process.exit(0)); // hold the lock until the test is done
      });`;
    const outcomes = await Promise.all(
      Array.from({ length: 4 }, () => {
        const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root, stdio: ["pipe", "pipe", "inherit"] });
        children.push(child);
        let out = "";
        const lines: string[] = [];
        const waiters: ((line: string) => void)[] = [];
        child.stdout!.on("data", (d) => {
          out += d;
          for (let i = out.indexOf("\n"); i >= 0; i = out.indexOf("\n")) {
            const line = out.slice(0, i);
            out = out.slice(i + 1);
            const w = waiters.shift();
            if (w) w(line);
            else lines.push(line);
          }
        });
        const next = () => new Promise<string>((resolve, reject) => {
          const queued = lines.shift();
          if (queued !== undefined) return resolve(queued);
          waiters.push(resolve);
          child.once("exit", (code) => reject(new Error(`child exited ${code}`)));
        });
        return { child, next };
      }),
    ).then(async (procs) => {
      for (const p of procs) expect(await p.next()).toBe("ready");
      for (const p of procs) p.child.stdin!.write("go\n"); // as close to simultaneous as the OS allows
      const results = await Promise.all(procs.map((p) => p.next()));
      for (const p of procs) p.child.stdin!.end();
      return results;
    });
    expect(outcomes.filter((o) => o === "acquired")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "refused")).toHaveLength(3);
    // bounded, not tight: four Node processes loading TypeScript take seconds on a busy machine;
    // the test itself waits for their output, never for a fixed time
  }, 60_000);
});
