/**
 * Where benchmarks put their figures: `bench/results/<date>.json` (one file a day, one key per
 * benchmark, the run's machine and load beside them) and a printed table. Every figure carries the
 * baseline measured in the same run, so the ratio holds on a busy machine.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface Figure {
  name: string;
  value: number;
  baseline: number;
  unit: string;
  /** the goal this figure is held to, in words ("≥ 2,000/s"), when the bench knows one */
  goal?: string;
  /** whether this run met `goal` */
  met?: boolean;
  /** anything else worth keeping (p95s, plan warnings) */
  extra?: Record<string, unknown>;
}

export function machine() {
  return { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? "?", memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadavg: os.loadavg().map((x) => Number(x.toFixed(2))) };
}

export function record(bench: string, figures: Figure[], context: Record<string, unknown> = {}): string {
  const file = resultsFile();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const all = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>) : {};
  all[bench] = { at: new Date().toISOString(), machine: machine(), ...context, figures: figures.map((f) => ({ ...f, ratio: f.baseline ? Number((f.value / f.baseline).toFixed(2)) : null })) };
  fs.writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
  const rows = figures.map((f) => [f.name, `${f.value.toFixed(1)} ${f.unit}`, `${f.baseline.toFixed(1)} ${f.unit}`, f.baseline ? `${(f.value / f.baseline).toFixed(2)}×` : "—", goalCell(f), String(f.extra?.note ?? "")]);
  const head = ["figure", "value", "baseline", "ratio", "goal", "note"];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(w[i]!)).join("  ");
  console.log(`\n${line(head)}\n${w.map((n) => "-".repeat(n)).join("  ")}\n${rows.map(line).join("\n")}`);
  console.log(`\nwritten to ${path.relative(process.cwd(), file)} (${bench})`);
  return file;
}

/** "MET (≥ 2,000/s)", "MISSED (…)" or "—" when the figure has no goal */
export function goalCell(f: Pick<Figure, "goal" | "met">): string {
  return f.goal ? `${f.met ? "MET" : "MISSED"} (${f.goal})` : "—";
}

/** the file `record` writes on `date` (YYYY-MM-DD, UTC) */
export function resultsFile(date = new Date().toISOString().slice(0, 10)): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), "results", `${date}.json`);
}
