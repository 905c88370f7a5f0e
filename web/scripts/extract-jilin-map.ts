/**
 * Extracts the map of Jilin's cities from the Apache ECharts 4.9.0 npm package
 * (`map/json/province/jilin.json`, Apache-2.0; ECharts 5+ no longer ships maps) into
 * web/src/assets/maps/jilin.json, beside the licence notice. echarts 4 is not a dependency: the
 * package is fetched with `npm pack` into a temporary directory and only this one file is kept.
 *   node --import tsx web/scripts/extract-jilin-map.ts
 * The file keeps ECharts' compact coordinate encoding (`UTF8Encoding: true`), which
 * `echarts.registerMap` of ECharts 6 still decodes. Each feature's `name` must be the region's name
 * in the reference data (checked here and by web/src/modules/dashboard/map-names.test.ts).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE = "echarts@4.9.0";
const MEMBER = "package/map/json/province/jilin.json";
const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, "../src/assets/maps/jilin.json");

interface Feature {
  id?: string;
  properties: { name: string; cp?: [number, number]; childNum?: number };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "echarts4-"));
try {
  const tgz = execFileSync("npm", ["pack", PACKAGE, "--silent", "--pack-destination", tmp], { encoding: "utf8" }).trim().split("\n").pop()!;
  execFileSync("tar", ["-xzf", path.join(tmp, tgz), "-C", tmp, MEMBER]);
  const json = JSON.parse(fs.readFileSync(path.join(tmp, MEMBER), "utf8")) as { type: string; features: Feature[] };
  if (json.type !== "FeatureCollection" || json.features.length !== 9) throw new Error(`unexpected map: ${json.type}, ${json.features.length} features`);
  const names = json.features.map((f) => `${f.id} ${f.properties.name}`);
  fs.writeFileSync(out, `${JSON.stringify(json)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), out)} (${fs.statSync(out).size} bytes): ${names.join(", ")}`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
