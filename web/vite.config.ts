import path from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { describe, precompressDir } from "./scripts/precompress.ts";

const webRoot = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(webRoot, "..");
const outDir = path.join(webRoot, "dist");

/** .br and .gz beside each built asset, served as they are by the server (web/scripts/precompress.ts) */
function precompress(): Plugin {
  return {
    name: "precompress",
    apply: "build",
    async closeBundle() {
      this.info(describe(await precompressDir(outDir)));
    },
  };
}

/** The console is built into web/dist, which the server serves (config.webDist). */
export default defineConfig({
  root: webRoot,
  plugins: [react(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    // .vite/manifest.json maps each source module to its chunk and imports; bench/bundle-size.ts
    // reads it to add up what a page really loads
    manifest: true,
    // antd alone is larger than the default warning limit; pages are split by route
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // the web imports contracts and permission names from shared/
    fs: { allow: [repoRoot] },
    // API_TARGET lets the dev server talk to a server on another port
    proxy: { "/api": { target: process.env.API_TARGET ?? "http://127.0.0.1:3000", changeOrigin: false } },
  },
});
