import { describe, expect, it } from "vitest";
import { safeNext } from "../../src/domain/next";

describe("safeNext", () => {
  it("keeps paths on this site and refuses everything that leaves it", () => {
    expect(safeNext("/rooms/plans?x=1")).toBe("/rooms/plans?x=1");
    for (const bad of [null, "", "https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "rooms/x"])
      expect(safeNext(bad)).toBe("/");
  });

  it("refuses control characters and backslashes anywhere, which browsers drop or read as slashes", () => {
    // Browsers strip tabs and newlines from URLs: "/\t/evil.example" is navigated as "//evil.example".
    const controls = [...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)), "\x7f"];
    for (const c of controls) {
      expect(safeNext(`/${c}/evil.example`), JSON.stringify(c)).toBe("/");
      expect(safeNext(`/rooms/x${c}`), JSON.stringify(c)).toBe("/");
    }
    for (const bad of ["/rooms\\..\\x", "/rooms/x?a=\\", "/%2F/ok-but-\\"]) expect(safeNext(bad)).toBe("/");
    // Encoded characters are not decoded into a host: they stay on this site.
    expect(safeNext("/%09/evil.example")).toBe("/%09/evil.example");
  });
});
