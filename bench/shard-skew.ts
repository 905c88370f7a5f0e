/**
 * Shard skew by region, without a database (docs/scale-out.md "Skew"): how the demo generator's
 * three-year province would load the shards of a Citus cluster whose region-distributed tables
 * are hashed on the county code, against the same rows hashed on the person id.
 *
 *   node --import tsx bench/shard-skew.ts [--shards 32] [--nodes 4] [--seed 2019]
 *
 * What it reproduces, and how:
 * - the counties and cities of server/src/modules/reference/data/regions-jilin.csv (the rows the reference
 *   seed loads; ordered by code as the generator's loadRegions reads them);
 * - where the demo's 30 institutions stand: the generator's own plan (server/scripts/demo/world.ts
 *   insertInstitutions: the same Prng fork and draws), so the counties are exactly those of
 *   `npm run demo -- --seed 2019`. Only approved institutions get classes (planClasses), and the bulk
 *   scales copy one template class per such institution and deal classes out round-robin
 *   (server/scripts/demo/bulk.ts), so each gets the same number of classes;
 * - persons by residence: the bulk loader's split (city weight 4 for 长春, 2 for 吉林, 1 for the
 *   others, uniform over a city's counties) as expected counts, not a draw;
 * - enrollments and check-ins follow their class (a class enrols residents of its own city), so
 *   they load the shards in the proportion classes do;
 * - Citus's hash: a varchar column hashes with PostgreSQL's hashtext (hash_bytes, Jenkins lookup3),
 *   a uuid with uuid_hash (the same over its 16 bytes); shard i of N owns the i-th of N equal
 *   slices of the int32 range. The persons' ids are the bulk loader's md5('p<seed>-<n>') uuids.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Prng } from "../server/scripts/demo/prng.ts";

const { values } = parseArgs({ options: { shards: { type: "string", default: "32" }, nodes: { type: "string", default: "4" }, seed: { type: "string", default: "2019" }, csv: { type: "string" } } });
const SHARDS = Number(values.shards);
const SEED = Number(values.seed);
const NODES = Number(values.nodes);
const CSV = values.csv ?? new URL("../server/src/modules/reference/data/regions-jilin.csv", import.meta.url).pathname;

// ── PostgreSQL's hash_bytes (src/common/hashfn.c), little-endian ─────────────────────────────
const rot = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;
export function pgHashBytes(k: Uint8Array): number {
  let len = k.length;
  let a = (0x9e3779b9 + len + 3923095) >>> 0;
  let b = a;
  let c = a;
  let o = 0;
  const mix = () => {
    a = (a - c) >>> 0; a = (a ^ rot(c, 4)) >>> 0; c = (c + b) >>> 0;
    b = (b - a) >>> 0; b = (b ^ rot(a, 6)) >>> 0; a = (a + c) >>> 0;
    c = (c - b) >>> 0; c = (c ^ rot(b, 8)) >>> 0; b = (b + a) >>> 0;
    a = (a - c) >>> 0; a = (a ^ rot(c, 16)) >>> 0; c = (c + b) >>> 0;
    b = (b - a) >>> 0; b = (b ^ rot(a, 19)) >>> 0; a = (a + c) >>> 0;
    c = (c - b) >>> 0; c = (c ^ rot(b, 4)) >>> 0; b = (b + a) >>> 0;
  };
  const word = (i: number) => (k[i]! | (k[i + 1]! << 8) | (k[i + 2]! << 16) | (k[i + 3]! << 24)) >>> 0;
  while (len >= 12) {
    a = (a + word(o)) >>> 0;
    b = (b + word(o + 4)) >>> 0;
    c = (c + word(o + 8)) >>> 0;
    mix();
    o += 12;
    len -= 12;
  }
  // the last 11 bytes; c's lowest byte is left for the length (already in the seed)
  if (len >= 11) c = (c + (k[o + 10]! << 24)) >>> 0;
  if (len >= 10) c = (c + (k[o + 9]! << 16)) >>> 0;
  if (len >= 9) c = (c + (k[o + 8]! << 8)) >>> 0;
  if (len >= 8) b = (b + (k[o + 7]! << 24)) >>> 0;
  if (len >= 7) b = (b + (k[o + 6]! << 16)) >>> 0;
  if (len >= 6) b = (b + (k[o + 5]! << 8)) >>> 0;
  if (len >= 5) b = (b + k[o + 4]!) >>> 0;
  if (len >= 4) a = (a + (k[o + 3]! << 24)) >>> 0;
  if (len >= 3) a = (a + (k[o + 2]! << 16)) >>> 0;
  if (len >= 2) a = (a + (k[o + 1]! << 8)) >>> 0;
  if (len >= 1) a = (a + k[o]!) >>> 0;
  c = (c ^ b) >>> 0; c = (c - rot(b, 14)) >>> 0;
  a = (a ^ c) >>> 0; a = (a - rot(c, 11)) >>> 0;
  b = (b ^ a) >>> 0; b = (b - rot(a, 25)) >>> 0;
  c = (c ^ b) >>> 0; c = (c - rot(b, 16)) >>> 0;
  a = (a ^ c) >>> 0; a = (a - rot(c, 4)) >>> 0;
  b = (b ^ a) >>> 0; b = (b - rot(a, 14)) >>> 0;
  c = (c ^ b) >>> 0; c = (c - rot(b, 24)) >>> 0;
  return c | 0; // int4, as hashtext returns it
}
export const hashtext = (s: string) => pgHashBytes(new TextEncoder().encode(s));
export const uuidHash = (u: string) => pgHashBytes(Buffer.from(u.replace(/-/g, ""), "hex"));
/** the shard (0-based) of a hash value among `n` equal slices of the int32 range, as Citus cuts them */
export const shardOf = (h: number, n: number) => Math.min(n - 1, Math.floor((h + 2 ** 31) / Math.floor(2 ** 32 / n)));

// ── the regions and the demo's institutions ───────────────────────────────────────────────────
interface Region { code: string; name: string; level: string; parentCode: string }
const regions: Region[] = readFileSync(CSV, "utf8").trim().split("\n").slice(1).map((l) => {
  const [code, name, level, parentCode] = l.split(",");
  return { code: code!, name: name!, level: level!, parentCode: parentCode ?? "" };
}).sort((x, y) => x.code.localeCompare(y.code));
const cities = regions.filter((r) => r.level === "city");
const counties = regions.filter((r) => r.level === "county");
const countiesOf = (city: string) => counties.filter((c) => c.parentCode === city);

/** world.ts insertInstitutions' plan, draw for draw (default scale: 30 institutions) */
function planInstitutionCounties(seed: number, count: number): { region: string; status: string }[] {
  const r = new Prng(seed).fork("institutions");
  const plan = [{ region: "220102", status: "approved" }, { region: "220102", status: "approved" }, { region: "220104", status: "approved" }];
  let k = 0;
  while (plan.length < count) {
    const city = cities[k % cities.length]!;
    const county = r.pick(countiesOf(city.code));
    const n = plan.length;
    const status = n % 10 === 7 ? "pending" : n % 10 === 8 ? "suspended" : n % 13 === 9 ? "returned" : "approved";
    // the role and type draws of the same iteration (keeps the stream aligned)
    const role = n % 6 === 5 ? "both" : "training";
    if (role !== "both" && n % 9 !== 4) r.pick([0, 1, 2, 3, 4]);
    plan.push({ region: county.code, status });
    k++;
  }
  return plan;
}
const trainers = planInstitutionCounties(SEED, 30).filter((p) => p.status === "approved");

// three-year bulk scale (bulk.ts): 700,000 persons, 5,850 classes a year, 30–50 enrolled, 16–22 days
const PERSONS = 700_000;
const CLASSES = 3 * 5_850;
const ENROLLED = 40;
const DAYS = 19;
const CHECKINS_PER_DAY = 1.2 * 0.94; // an in every day, an out on one day in five; ≈ 94 % present

const classesByCounty = new Map<string, number>();
for (const t of trainers) classesByCounty.set(t.region, (classesByCounty.get(t.region) ?? 0) + CLASSES / trainers.length);
const cityCodes = [...new Set(trainers.map((t) => `${t.region.slice(0, 4)}00`))].sort();
const weight = (c: string) => (c === "220100" ? 4 : c === "220200" ? 2 : 1);
const totalW = cityCodes.reduce((s, c) => s + weight(c), 0);
const personsByCounty = new Map<string, number>();
for (const city of cityCodes) for (const c of countiesOf(city)) personsByCounty.set(c.code, (PERSONS * weight(city)) / totalW / countiesOf(city).length);

// ── load per shard ────────────────────────────────────────────────────────────────────────────
interface Load { counties: string[]; classes: number; persons: number }
const shards: Load[] = Array.from({ length: SHARDS }, () => ({ counties: [], classes: 0, persons: 0 }));
for (const c of counties) {
  const s = shards[shardOf(hashtext(c.code), SHARDS)]!;
  s.counties.push(c.code);
  s.classes += classesByCounty.get(c.code) ?? 0;
  s.persons += personsByCounty.get(c.code) ?? 0;
}
const byPerson = new Array<number>(SHARDS).fill(0);
for (let n = 0; n < PERSONS; n++) {
  const hex = createHash("md5").update(`p${SEED}-${n}`).digest("hex");
  byPerson[shardOf(pgHashBytes(Buffer.from(hex, "hex")), SHARDS)]!++;
}

const stats = (xs: number[]) => {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const max = Math.max(...xs);
  return { mean, max, min: Math.min(...xs), empty: xs.filter((x) => x === 0).length, ratio: max / mean };
};
const fmt = (x: number) => Math.round(x).toLocaleString("en");
const line = (label: string, xs: number[], of = SHARDS) => {
  const s = stats(xs);
  console.log(`${label.padEnd(44)} mean ${fmt(s.mean).padStart(10)}  max ${fmt(s.max).padStart(10)}  min ${fmt(s.min).padStart(9)}  empty ${String(s.empty).padStart(2)}/${of}  max/mean ${s.ratio.toFixed(2)}`);
};

console.log(`shard skew, ${SHARDS} hash shards, demo seed ${SEED}: ${counties.length} counties of ${cities.length} cities; ${trainers.length} approved institutions in ${classesByCounty.size} counties`);
console.log(`three-year bulk scale: ${fmt(PERSONS)} persons, ${fmt(CLASSES)} classes, ≈ ${fmt(CLASSES * ENROLLED)} enrollments, ≈ ${fmt(CLASSES * ENROLLED * DAYS * CHECKINS_PER_DAY)} check-ins`);
console.log("");
line("counties per shard (hash of county code)", shards.map((s) => s.counties.length));
line("classes/enrollments/check-ins ∝, by county", shards.map((s) => s.classes));
line("  … the same as check-in rows", shards.map((s) => s.classes * ENROLLED * DAYS * CHECKINS_PER_DAY));
line("persons by residence county", shards.map((s) => s.persons));
line("persons by person id (uuid hash)", byPerson);
console.log("");
const busiest = [...shards.entries()].sort((x, y) => y[1].classes - x[1].classes).slice(0, 5);
console.log("busiest shards by classes (county codes):");
for (const [i, s] of busiest) console.log(`  shard ${String(i).padStart(2)}: ${fmt(s.classes).padStart(6)} classes (${((100 * s.classes) / CLASSES).toFixed(1)} %), ${fmt(s.persons).padStart(7)} residents, counties ${s.counties.join(" ")}`);
const lonely = [...classesByCounty.entries()].sort((x, y) => y[1] - x[1]).slice(0, 3);
console.log(`largest single counties: ${lonely.map(([c, n]) => `${c} ${fmt(n)} classes (${((100 * n) / CLASSES).toFixed(1)} %)`).join(", ")}`);
// per worker node: Citus first places shards round-robin; a rebalance by size (the rebalancer's
// by_disk_size strategy) moves whole shards, here approximated by largest-first onto the lightest node
const perNode = (place: (i: number, load: number[]) => number) => {
  const load = new Array<number>(NODES).fill(0);
  const order = [...shards.entries()].sort((x, y) => y[1].classes - x[1].classes);
  for (const [i, sh] of order) load[place(i, load)]! += sh.classes;
  return load;
};
console.log("");
line(`classes per node, ${NODES} nodes, round-robin`, perNode((i) => i % NODES), NODES);
line(`classes per node, ${NODES} nodes, moved by size`, perNode((_i, load) => load.indexOf(Math.min(...load))), NODES);
console.log(`hashtext check values: hashtext('220102') = ${hashtext("220102")}, hashtext('') = ${hashtext("")}`);
