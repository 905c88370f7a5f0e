/**
 * Load generator for bench/portal.ts, run as a child process (its own event loop and CPU time,
 * like the public's browsers): keep-alive HTTP/1.1 GETs to 127.0.0.1, `concurrency` requests in
 * flight for `durationMs`, the paths taken in turn. With `forwardedFor`, each simulated client
 * sends its own X-Forwarded-For address as a reverse proxy would, and is replaced by a new citizen
 * (a new address) every `rotateEvery` requests — so per-address limits see many people, as they
 * would in production, and any 429 means the limiter misjudged who is who.
 */
import http from "node:http";

export interface PortalJob {
  port: number;
  paths: string[];
  concurrency: number;
  durationMs: number;
  /** which run this is, so two runs within a rate-limit window never share an address */
  run: number;
  forwardedFor: boolean;
  rotateEvery: number;
  /** sent as a browser would (the app compresses answers over 2 KB) */
  acceptEncoding: string;
}

export interface PortalResult {
  sent: number;
  statuses: Record<string, number>;
  errors: Record<string, number>;
  latenciesMs: number[];
  perSecond: number[];
  bytes: number;
  elapsedMs: number;
}

/** 10.x.y.z: 4,096 addresses for each (run, client) pair */
function address(run: number, client: number, k: number): string {
  const n = (((run * 128 + client) % 4096) * 4096 + (k % 4096)) % 2 ** 24;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

function run(job: PortalJob): Promise<PortalResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
  const latencies: number[] = [];
  const perSecond: number[] = [];
  const statuses: Record<string, number> = {};
  const errors: Record<string, number> = {};
  let bytes = 0;
  let next = 0;
  const start = performance.now();
  const deadline = start + job.durationMs;

  const one = (client: number, k: number) =>
    new Promise<void>((resolve) => {
      const path = job.paths[next++ % job.paths.length]!;
      const headers: http.OutgoingHttpHeaders = { accept: "application/json, text/html", "accept-encoding": job.acceptEncoding, "user-agent": "bench-portal/1.0" };
      if (job.forwardedFor) headers["x-forwarded-for"] = address(job.run, client, Math.floor(k / job.rotateEvery));
      const t0 = performance.now();
      const req = http.request({ host: "127.0.0.1", port: job.port, path, method: "GET", agent, headers }, (res) => {
        let body = "";
        res.on("data", (d: Buffer) => {
          bytes += d.length;
          if ((res.statusCode ?? 0) >= 400 && body.length < 2000) body += d.toString("utf8");
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
      req.end();
    });

  const worker = async (client: number) => {
    for (let k = 0; performance.now() < deadline; k++) await one(client, k);
  };
  return Promise.all(Array.from({ length: job.concurrency }, (_, i) => worker(i))).then(() => {
    agent.destroy();
    return { sent: latencies.length, statuses, errors, latenciesMs: latencies, perSecond: Array.from(perSecond, (n) => n ?? 0), bytes, elapsedMs: performance.now() - start };
  });
}

process.on("message", (job: PortalJob) => {
  run(job).then((r) => process.send!(r, () => process.exit(0)));
});
