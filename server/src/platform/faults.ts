import type { FastifyInstance } from "fastify";

/**
 * Fault points for the kill -9 tests (server/test/kill.slow.db.test.ts). With `JL_FAULT_PAUSE=<name>`
 * in its environment, a process that reaches the point named <name> prints
 * `fault point <name> reached` and never goes past it, so a test can SIGKILL it exactly there (inside
 * an open database transaction, after its writes and before its commit) instead of guessing with
 * sleeps. Unset — always, outside those tests — a point is one environment read.
 */
export async function faultPoint(name: string): Promise<void> {
  if (process.env.JL_FAULT_PAUSE !== name) return;
  console.log(`fault point ${name} reached`);
  await new Promise<never>(() => {});
}

/**
 * `JL_FAULT_PAUSE=answer:<METHOD> <route>` (e.g. `answer:POST /api/classes/:id/transitions`): the
 * point after the request's work has committed and before its answer leaves — the client never
 * learns the outcome. Registered only when asked for.
 */
export function registerAnswerFaults(app: FastifyInstance): void {
  if (!process.env.JL_FAULT_PAUSE?.startsWith("answer:")) return;
  app.addHook("onSend", async (req) => {
    if (req.method !== "GET") await faultPoint(`answer:${req.method} ${req.routeOptions.url}`);
  });
}
