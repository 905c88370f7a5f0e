import { idCheckChar } from "../../../../shared/src/ids.ts";

/** A valid ID number: region code, YYYYMMDD birth date, a sequence whose parity gives the gender. */
export function makeIdNumber(o: { region?: string; birth?: string; seq?: number; gender?: "male" | "female" } = {}): string {
  const region = o.region ?? "220102";
  const birth = (o.birth ?? "1990-05-17").replace(/-/g, "");
  let seq = o.seq ?? 12;
  if (o.gender === "male" && seq % 2 === 0) seq++;
  if (o.gender === "female" && seq % 2 === 1) seq++;
  const first17 = `${region}${birth}${String(seq % 1000).padStart(3, "0")}`;
  return first17 + idCheckChar(first17);
}

/** The same number with a wrong check character. */
export function badChecksum(id: string): string {
  const c = id[17] === "0" ? "1" : "0";
  return id.slice(0, 17) + c;
}

let counter = 100;
/** Distinct valid ID numbers for one test run (sequence and birth day vary). */
export function nextIdNumber(o: { region?: string; gender?: "male" | "female"; birthYear?: number } = {}): string {
  counter++;
  const day = String((counter % 28) + 1).padStart(2, "0");
  const month = String((Math.floor(counter / 28) % 12) + 1).padStart(2, "0");
  return makeIdNumber({ region: o.region ?? "220102", birth: `${o.birthYear ?? 1985}-${month}-${day}`, seq: counter % 997, ...(o.gender ? { gender: o.gender } : {}) });
}
