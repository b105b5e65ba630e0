import { describe, expect, it } from "vitest";
import { isCrossSite } from "../../src/auth/origin";

describe("isCrossSite", () => {
  const url = "https://rooms.example/api/rooms";
  const h = (init: Record<string, string>) => new Headers(init);
  it("allows the same origin, listed origins and non-browser clients", () => {
    expect(isCrossSite(h({ Origin: "https://rooms.example" }), url, [])).toBe(false);
    expect(isCrossSite(h({ Origin: "https://app.example" }), url, ["https://app.example"])).toBe(false);
    expect(isCrossSite(h({}), url, [])).toBe(false);
    expect(isCrossSite(h({ "Sec-Fetch-Site": "same-origin" }), url, [])).toBe(false);
  });
  it("refuses foreign origins and cross-site fetches without Origin", () => {
    expect(isCrossSite(h({ Origin: "https://evil.example" }), url, [])).toBe(true);
    expect(isCrossSite(h({ Origin: "null" }), url, [])).toBe(true);
    expect(isCrossSite(h({ Origin: "http://rooms.example" }), url, [])).toBe(true);
    expect(isCrossSite(h({ "Sec-Fetch-Site": "cross-site" }), url, [])).toBe(true);
    expect(isCrossSite(h({ "Sec-Fetch-Site": "same-site" }), url, [])).toBe(true);
  });
});
