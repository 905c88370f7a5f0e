/**
 * Preloaded into the server of a journey that must move time (`node --import tsx --import
 * ./e2e/clock-shift.ts`): every `new Date()` and `Date.now()` is shifted by the number of
 * milliseconds in the file named by E2E_CLOCK_FILE, re-read on SIGUSR2. Test machinery only: the
 * server code is unchanged and still reads time through its clock.
 */
import fs from "node:fs";

const file = process.env.E2E_CLOCK_FILE;
if (file) {
  const RealDate = Date;
  let offset = 0;
  const read = () => {
    try {
      offset = Number(fs.readFileSync(file, "utf8")) || 0;
    } catch {
      offset = 0;
    }
  };
  read();
  process.on("SIGUSR2", read);
  class ShiftedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...(args as [number]));
    }
    static override now(): number {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
}
