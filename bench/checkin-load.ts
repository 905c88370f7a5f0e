/**
 * Load generator for bench/checkin.ts, run as a child process (its own event loop and CPU time,
 * like real phones). Keep-alive HTTP/1.1 to 127.0.0.1 only, `concurrency` requests in flight,
 * bounded by the number of prepared operations and by time. Reports every latency back.
 */
import http from "node:http";
import { codeForPeriod, codePeriod } from "../server/src/modules/attendance/checkin.rules.ts";

export interface LoadJob {
  port: number;
  path: string;
  concurrency: number;
  durationMs: number;
  /** per operation: the cookie token (or ""), the session index, and the JSON body minus the code */
  ops: { token: string; session: number; body: Record<string, unknown> }[];
  /** session secrets (hex) by index, to compute the current code like a phone reading the screen */
  secrets: string[];
}

export interface LoadResult {
  sent: number;
  statuses: Record<string, number>;
  errors: Record<string, number>;
  latenciesMs: number[];
  /** completed requests per second of the run */
  perSecond: number[];
  elapsedMs: number;
}

function run(job: LoadJob): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
  const secrets = job.secrets.map((s) => Buffer.from(s, "hex"));
  const codes = new Map<number, { period: number; code: string }>();
  const codeOf = (i: number) => {
    const period = codePeriod(new Date());
    let c = codes.get(i);
    if (!c || c.period !== period) {
      c = { period, code: codeForPeriod(secrets[i]!, period) };
      codes.set(i, c);
    }
    return c.code;
  };
  const latencies: number[] = [];
  const perSecond: number[] = [];
  const statuses: Record<string, number> = {};
  const errors: Record<string, number> = {};
  let next = 0;
  const start = performance.now();
  const deadline = start + job.durationMs;

  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const op = job.ops[i]!;
      const payload = JSON.stringify({ ...op.body, code: codeOf(op.session) });
      const t0 = performance.now();
      const headers: http.OutgoingHttpHeaders = { "content-type": "application/json", "content-length": Buffer.byteLength(payload), "user-agent": "bench-phone/1.0" };
      if (op.token) headers.cookie = `jl_sid=${op.token}`;
      const req = http.request({ host: "127.0.0.1", port: job.port, path: job.path, method: "POST", agent, headers }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d) => {
          body += d;
        });
        res.on("end", () => {
          const done = performance.now();
          latencies.push(done - t0);
          const sec = Math.floor((done - start) / 1000);
          perSecond[sec] = (perSecond[sec] ?? 0) + 1;
          const s = String(res.statusCode);
          statuses[s] = (statuses[s] ?? 0) + 1;
          if (res.statusCode! >= 400) {
            const code = /"code":"([^"]+)"/.exec(body)?.[1] ?? s;
            errors[code] = (errors[code] ?? 0) + 1;
          }
          resolve();
        });
      });
      req.on("error", (e) => {
        errors[e.message] = (errors[e.message] ?? 0) + 1;
        resolve();
      });
      req.end(payload);
    });

  const worker = async () => {
    while (next < job.ops.length && performance.now() < deadline) await one(next++);
  };
  return Promise.all(Array.from({ length: job.concurrency }, worker)).then(() => {
    agent.destroy();
    return { sent: latencies.length, statuses, errors, latenciesMs: latencies, perSecond: Array.from(perSecond, (n) => n ?? 0), elapsedMs: performance.now() - start };
  });
}

process.on("message", (job: LoadJob) => {
  run(job).then((r) => process.send!(r, () => process.exit(0)));
});
