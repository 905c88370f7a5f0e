/**
 * Everything that happens in the demo province, run in the order it happened: the clock is moved
 * to each event's instant first, so lead times, "not before the start date" and "after the last
 * session" rules hold as they did in the real past, and the audit chain reads forwards in time.
 */
import type { TestClock } from "../../src/platform/clock.ts";

interface Event {
  at: number;
  seq: number;
  label: string;
  run: () => Promise<void>;
}

export class Timeline {
  private events: Event[] = [];
  private seq = 0;

  add(at: Date, label: string, run: () => Promise<void>): void {
    this.events.push({ at: at.getTime(), seq: this.seq++, label, run });
  }

  get size(): number {
    return this.events.length;
  }

  /** Runs events in time order (ties: in the order added); events may add later events. */
  async run(clock: TestClock, progress: (done: number, total: number, label: string) => void): Promise<void> {
    let done = 0;
    while (this.events.length) {
      this.events.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const e = this.events.shift()!;
      clock.set(new Date(e.at));
      try {
        await e.run();
      } catch (err) {
        // a refusal here is a flaw in the plan: say which event, when, and every problem the service listed
        const details = (err as { details?: unknown }).details;
        throw new Error(`demo event "${e.label}" at ${new Date(e.at).toISOString()} failed: ${(err as Error).message}${details ? ` ${JSON.stringify(details)}` : ""}`, { cause: err });
      }
      done++;
      progress(done, done + this.events.length, e.label);
    }
  }
}

/** An instant in China time (UTC+8) on `date` at `hhmm`. */
export function chinaAt(date: string, hhmm: string): Date {
  return new Date(`${date}T${hhmm}:00+08:00`);
}
