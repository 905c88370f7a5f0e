import pg from "pg";

/**
 * Watches node-postgres connections for a query sent while the same connection still has one in
 * flight (what pg 8 queues with a deprecation warning and pg 9 refuses). Returns the texts of the
 * overlapping queries seen until `stop()`.
 */
export function watchOverlaps(): { overlaps: string[]; stop(): void } {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const busy = new WeakMap<object, number>();
  const overlaps: string[] = [];
  proto.query = function (this: object, ...args: unknown[]) {
    const config = args[0] as string | { text?: string };
    const n = busy.get(this) ?? 0;
    if (n > 0) overlaps.push(typeof config === "string" ? config : String(config.text));
    busy.set(this, n + 1);
    const done = () => busy.set(this, (busy.get(this) ?? 1) - 1);
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === "function") {
      args[last] = (...r: unknown[]) => {
        done();
        return callback(...r);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args) as { then?: (a: () => void, b: () => void) => unknown } | undefined;
    if (typeof result?.then === "function") result.then(done, done);
    else done(); // a submittable (cursor, stream): not used here
    return result;
  };
  return {
    overlaps,
    stop: () => {
      proto.query = original;
    },
  };
}
