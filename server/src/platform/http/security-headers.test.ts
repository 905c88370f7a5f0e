import { describe, expect, it } from "vitest";
import { securityHeaderOptions, securityHeaders } from "./security-headers.ts";

const of = (secure: boolean) => new Map(securityHeaders(securityHeaderOptions(secure)));

describe("security headers", () => {
  it("over HTTPS browsers are told to stay on HTTPS and upgrade every sub-request", () => {
    const h = of(true);
    expect(h.get("strict-transport-security")).toMatch(/^max-age=\d+; includeSubDomains$/);
    expect(h.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });

  it("over plain HTTP (development, tests) neither is sent: they would break the page", () => {
    const h = of(false);
    expect(h.has("strict-transport-security")).toBe(false);
    expect(h.get("content-security-policy")).not.toContain("upgrade-insecure-requests");
    expect(h.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });
});
