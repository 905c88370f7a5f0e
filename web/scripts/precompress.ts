/**
 * Writes `<file>.br` and `<file>.gz` beside every built text asset the server sends, so
 * @fastify/static (`preCompressed: true`) answers with the compressed file and no request spends
 * CPU compressing. Run by the vite build (see web/vite.config.ts) or by hand:
 *   node --import tsx web/scripts/precompress.ts [web/dist]
 */
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import zlib from "node:zlib";

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

const COMPRESSIBLE = new Set([".js", ".mjs", ".css", ".html", ".svg", ".json", ".txt", ".map"]);
/** below this a compressed answer saves less than its headers and the client's work cost */
const MIN_BYTES = 1024;

async function* files(dir: string): AsyncGenerator<string> {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    // .vite/manifest.json is read by the build tools, never sent
    if (entry.name.startsWith(".")) continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(p);
    else if (COMPRESSIBLE.has(path.extname(entry.name))) yield p;
  }
}

export interface PrecompressResult {
  files: number;
  raw: number;
  brotli: number;
  gzip: number;
}

/** Compresses every eligible file under `dir` (brotli quality 11, gzip level 9); a file that does not shrink keeps no variant. */
export async function precompressDir(dir: string): Promise<PrecompressResult> {
  const result: PrecompressResult = { files: 0, raw: 0, brotli: 0, gzip: 0 };
  const jobs: Promise<void>[] = [];
  for await (const file of files(dir)) {
    jobs.push(
      (async () => {
        const buf = await fs.readFile(file);
        if (buf.length < MIN_BYTES) return;
        const [br, gz] = await Promise.all([
          brotli(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }),
          gzip(buf, { level: 9 }),
        ]);
        if (gz.length >= buf.length) return;
        await Promise.all([fs.writeFile(`${file}.br`, br), fs.writeFile(`${file}.gz`, gz)]);
        result.files++;
        result.raw += buf.length;
        result.brotli += br.length;
        result.gzip += gz.length;
      })(),
    );
  }
  await Promise.all(jobs);
  return result;
}

export function describe(r: PrecompressResult): string {
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  return `precompressed ${r.files} files: ${kb(r.raw)} → brotli ${kb(r.brotli)}, gzip ${kb(r.gzip)}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "dist"));
  console.log(describe(await precompressDir(dir)));
}
