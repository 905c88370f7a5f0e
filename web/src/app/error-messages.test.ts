import { describe, expect, it } from "vitest";
import { errorCodes } from "../../../shared/src/errors.ts";
import { ApiError } from "./api-client.ts";
import { errorMessages, errorText } from "./error-messages.ts";

describe("error wording", () => {
  it("has Chinese wording for every code the API can answer with", () => {
    for (const code of Object.keys(errorCodes)) {
      expect(errorMessages[code as keyof typeof errorMessages], code).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("falls back to the server's message for an unknown code", () => {
    expect(errorText(new ApiError(409, "claim.something_new", "服务器的说明"))).toBe("服务器的说明");
  });

  it("lists the password problems and shows the request id of a server failure", () => {
    expect(errorText(new ApiError(400, "auth.weak_password", "x", { problems: ["密码至少 10 位"] }))).toBe("新密码不符合密码规则：密码至少 10 位");
    expect(errorText(new ApiError(500, "internal.error", "x", undefined, "req-1"))).toContain("请求编号 req-1");
  });
});
