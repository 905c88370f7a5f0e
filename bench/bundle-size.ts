/**
 * Console bundle sizes per page: `npm run bench -- bundle [--build]`.
 *
 * Reads web/dist/.vite/manifest.json (vite `build.manifest`) and adds up the JavaScript and CSS a
 * first visit to each page downloads: the entry (index.html's script and its modulepreloads, i.e.
 * the entry's static imports) plus each lazy module the page loads on the way (its route chunk,
 * a lazy layout, a lazy chart) with their static imports, each chunk counted once. Sizes are raw,
 * gzip (level 9) and brotli (quality 11) — the precompressed files the server sends.
 * `--build` runs `npm run build:web` first; without it an existing web/dist is measured (and built
 * when missing). Figures (bench/results/<date>.json): per page, the JS + CSS sent (brotli) against
 * the same files raw.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import { type Figure, record } from "./results.ts";

interface ManifestChunk {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/** What each measured page loads besides the entry, as source paths (manifest keys). */
const PAGES: { name: string; url: string; modules: string[] }[] = [
  { name: "login", url: "/login", modules: ["src/modules/auth/LoginPage.tsx"] },
  {
    name: "attendance chart",
    url: "/attendance/classes/:id",
    modules: ["src/app/AntAppRoute.tsx", "src/app/layout/AppLayout.tsx", "src/modules/attendance/ClassAttendancePage.tsx", "src/modules/attendance/EChartCanvas.tsx"],
  },
  { name: "persons list", url: "/persons", modules: ["src/app/AntAppRoute.tsx", "src/app/layout/AppLayout.tsx", "src/modules/trainees/PersonsPage.tsx"] },
  { name: "phone home", url: "/m", modules: ["src/app/AntAppRoute.tsx", "src/modules/my/PhoneLayout.tsx", "src/modules/my/MyHomePage.tsx"] },
];

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(repoRoot, "web", "dist");
const manifestPath = path.join(dist, ".vite", "manifest.json");

if (process.argv.includes("--build") || !fs.existsSync(manifestPath)) {
  const r = spawnSync("npm", ["run", "build:web"], { cwd: repoRoot, stdio: ["ignore", "ignore", "inherit"] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as Manifest;
const entryKey = Object.keys(manifest).find((k) => manifest[k]?.isEntry);
if (!entryKey) throw new Error("the manifest has no entry chunk");

/**
 * The manifest key of a source module: its path, or — for a module that is also imported
 * statically elsewhere and so became a shared chunk — "_<Name>-<hash>.js".
 */
function chunkKey(source: string): string | undefined {
  if (manifest[source]) return source;
  const name = path.basename(source).replace(/\.[jt]sx?$/, "");
  return Object.keys(manifest).find((k) => k.startsWith(`_${name}-`) && manifest[k]?.name === name);
}

/** The chunk files a module loads before it runs: itself and its static imports, transitively. */
function closure(key: string, into: Set<string>, css: Set<string>) {
  const chunk = manifest[key];
  if (!chunk || into.has(chunk.file)) return;
  into.add(chunk.file);
  for (const c of chunk.css ?? []) css.add(c);
  for (const k of chunk.imports ?? []) closure(k, into, css);
}

const sizeCache = new Map<string, { raw: number; gzip: number; brotli: number }>();
function sizes(file: string) {
  let s = sizeCache.get(file);
  if (!s) {
    const buf = fs.readFileSync(path.join(dist, file));
    s = {
      raw: buf.length,
      gzip: zlib.gzipSync(buf, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length,
    };
    sizeCache.set(file, s);
  }
  return s;
}
function total(files: Iterable<string>) {
  const t = { files: 0, raw: 0, gzip: 0, brotli: 0 };
  for (const f of files) {
    const s = sizes(f);
    t.files++;
    t.raw += s.raw;
    t.gzip += s.gzip;
    t.brotli += s.brotli;
  }
  return t;
}
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const rows: string[] = [];
const figures: Figure[] = [];
for (const page of PAGES) {
  const js = new Set<string>();
  const css = new Set<string>();
  closure(entryKey, js, css);
  // a module missing from the manifest is not a chunk of its own (it is bundled into the entry)
  const inEntry = page.modules.filter((m) => !chunkKey(m));
  for (const m of page.modules) {
    const key = chunkKey(m);
    if (key) closure(key, js, css);
  }
  const j = total(js);
  const c = total(css);
  const biggest = [...js].sort((a, b) => sizes(b).gzip - sizes(a).gzip).slice(0, 3).map((f) => `${path.basename(f)} ${kb(sizes(f).gzip)}`);
  figures.push({ name: `${page.name}: JS + CSS sent (brotli vs raw)`, value: (j.brotli + c.brotli) / 1024, baseline: (j.raw + c.raw) / 1024, unit: "KB", extra: { jsFiles: j.files, jsGzipKB: Math.round(j.gzip / 1024), url: page.url } });
  rows.push(
    `| ${page.name} (${page.url}) | ${j.files} | ${kb(j.raw)} | ${kb(j.gzip)} | ${kb(j.brotli)} | ${kb(c.raw)} / ${kb(c.gzip)} | ${biggest.join(", ")}${inEntry.length ? ` · not chunks of their own: ${inEntry.join(", ")}` : ""} |`,
  );
}
const echartsChunk = Object.values(manifest).find((c) => path.basename(c.file).startsWith("EChartCanvas"));
console.log(`web/dist measured ${new Date().toISOString()}`);
console.log("| page | JS files | JS raw | JS gzip | JS brotli | CSS raw / gzip | largest chunks (gzip) |");
console.log("|---|---|---|---|---|---|---|");
for (const r of rows) console.log(r);
if (echartsChunk) console.log(`chart chunk ${echartsChunk.file}: ${kb(sizes(echartsChunk.file).gzip)} gzip`);
record("bundle", figures);
