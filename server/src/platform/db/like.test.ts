import { describe, expect, it } from "vitest";
import { escapeLike } from "./like.ts";

describe("escapeLike", () => {
  it("makes %, _ and \\ literal, leaves other text alone", () => {
    expect(escapeLike("100%_完成\\")).toBe("100\\%\\_完成\\\\");
    expect(escapeLike("南关区")).toBe("南关区");
  });
});
