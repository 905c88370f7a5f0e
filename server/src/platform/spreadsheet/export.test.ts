import { describe, expect, it } from "vitest";
import { chinaDateTime, collectPages } from "./export.ts";

const listOf = (n: number) => {
  const calls: number[] = [];
  const fetch = async (page: number, pageSize: number) => {
    calls.push(page);
    const all = Array.from({ length: n }, (_, i) => i);
    return { items: all.slice((page - 1) * pageSize, page * pageSize), total: n };
  };
  return { fetch, calls };
};

describe("collectPages", () => {
  it("reads every page of a list once", async () => {
    const { fetch, calls } = listOf(1234);
    const rows = await collectPages(fetch);
    expect(rows.length).toBe(1234);
    expect(rows.at(-1)).toBe(1233);
    expect(calls).toEqual([1, 2, 3]);
  });

  it("refuses a list over the limit after the first page, saying how many rows", async () => {
    const { fetch, calls } = listOf(1001);
    await expect(collectPages(fetch, 1000)).rejects.toMatchObject({ code: "export.too_large", details: { total: 1001, limit: 1000 } });
    expect(calls).toEqual([1]);
  });
});

it("writes times in China Standard Time", () => {
  expect(chinaDateTime("2026-03-16T01:00:00Z")).toBe("2026-03-16 09:00");
  expect(chinaDateTime("2026-03-15T16:30:00Z")).toBe("2026-03-16 00:30");
  expect(chinaDateTime(null)).toBeNull();
});
