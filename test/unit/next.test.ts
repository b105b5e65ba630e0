import { describe, expect, it } from "vitest";
import { safeNext } from "../../web/src/lib/next";

describe("safeNext", () => {
  it("keeps paths on this site and refuses everything that leaves it", () => {
    expect(safeNext("/rooms/plans?x=1")).toBe("/rooms/plans?x=1");
    for (const bad of [null, "", "https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "rooms/x"]) expect(safeNext(bad)).toBe("/");
  });
});
