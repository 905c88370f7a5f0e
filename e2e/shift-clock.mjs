// Preloaded into the server of the check-in journey (node --import): the clock runs
// E2E_CLOCK_OFFSET_MS behind (or ahead) until the process receives SIGUSR2, then it is real time
// again. This lets the journey file a class weeks "before" a session that happens right now.
const RealDate = Date;
let offset = Number(process.env.E2E_CLOCK_OFFSET_MS || 0);

class ShiftedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offset);
    else super(...args);
  }
  static now() {
    return RealDate.now() + offset;
  }
}

globalThis.Date = ShiftedDate;
process.on("SIGUSR2", () => {
  offset = 0;
});
