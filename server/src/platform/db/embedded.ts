import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { NodeFS } from "@electric-sql/pglite/nodefs";
import { fsyncPath } from "../durable-file.ts";

/**
 * The embedded store on a data folder, with commits that survive a power cut.
 *
 * PGlite out of the box does not: it starts PostgreSQL with `-F` (fsync off), and even with fsync
 * on, the Emscripten file system it writes through (NODEFS) answers `fsync` without calling the
 * operating system and `fdatasync` (PostgreSQL's default WAL sync on Linux) with nothing at all. A
 * commit was therefore acknowledged while it sat in the OS page cache: a `kill -9` keeps it (the
 * kill tests pass either way), a power cut or kernel crash loses it — and with fsync off can leave
 * the folder unrecoverable. Here:
 * - PostgreSQL runs with fsync on and `wal_sync_method=fsync`, so every commit fsyncs its WAL
 *   before it returns, and checkpoints fsync the data files they write;
 * - NODEFS's `fsync` calls the real `fsync(2)` on the file's descriptor (directories included).
 * The price is one fsync per commit, as on a PostgreSQL server with its default settings.
 */
export function embeddedClient(pgDir: string, options: Omit<PGliteOptions, "fs" | "startParams" | "dataDir"> = {}, opts: { bulkLoad?: boolean } = {}): PGlite {
  // bulkLoad (the demo generator into a new folder): fsync off while loading, the whole folder
  // synced once at the end (syncFolder after close) — a power cut meanwhile means loading again
  return new PGlite({ ...options, fs: new DurableNodeFS(pgDir), startParams: opts.bulkLoad ? [...PGlite.defaultStartParams] : [...DURABLE_START_PARAMS] });
}

/** PGlite's own start parameters without `-F` (fsync off), WAL synced by fsync (see above). */
export const DURABLE_START_PARAMS: readonly string[] = [...PGlite.defaultStartParams.filter((p) => p !== "-F"), "-c", "wal_sync_method=fsync"];

interface NodefsStream {
  nfd?: number;
}
interface EmscriptenModuleWithNodefs {
  NODEFS: { stream_ops: { fsync?: (stream: NodefsStream) => number } };
}

class DurableNodeFS extends NodeFS {
  override async init(pg: PGlite, opts: Parameters<NodeFS["init"]>[1]) {
    const out = await super.init(pg, opts);
    const mountFirst = out.emscriptenOpts.preRun ?? [];
    out.emscriptenOpts.preRun = [
      (mod: unknown) => {
        (mod as EmscriptenModuleWithNodefs).NODEFS.stream_ops.fsync = (stream) => {
          if (stream.nfd !== undefined) fs.fsyncSync(stream.nfd);
          return 0;
        };
      },
      ...mountFirst,
    ];
    return out;
  }
}

/**
 * Flushes everything under `dir` to the disk (`sync -f`: the file system's syncfs). For files
 * PostgreSQL did not write itself and so will never fsync: a data folder unpacked from a backup.
 */
export function syncFolder(dir: string): void {
  const r = spawnSync("sync", ["-f", dir], { stdio: "ignore" });
  if (r.status !== 0) {
    // no coreutils `sync` (not Linux): fsync file by file
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) fsyncPath(path.join(entry.parentPath, entry.name));
    fsyncPath(dir);
  }
}
