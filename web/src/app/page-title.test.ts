import { describe, expect, it } from "vitest";
import { routeTitle } from "./page-title.tsx";

describe("the page title comes from the deepest route that names one", () => {
  it("a page inside the console layout is named by the page, not the layout", () => {
    expect(routeTitle([{ handle: undefined }, { handle: undefined }, { handle: { title: "学员管理" } }])).toBe("学员管理");
  });
  it("a route without a title (a guard, a layout) leaves its parent's", () => {
    expect(routeTitle([{ handle: { title: "我的培训" } }, { handle: undefined }])).toBe("我的培训");
  });
  it("no title at all gives none (the platform name stands alone)", () => {
    expect(routeTitle([{ handle: undefined }])).toBeUndefined();
  });
});
