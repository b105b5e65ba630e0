import { describe, expect, it } from "vitest";
import { CookieJar } from "../src/cookie-jar";

describe("the cookie jar of a program outside a browser", () => {
  it("sends each cookie only to the paths its Path covers", () => {
    const jar = new CookieJar();
    jar.store([
      "__Host-er_access=abc; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=900",
      "__Secure-er_refresh=xyz; Path=/api/auth; HttpOnly; Secure; SameSite=Strict",
    ]);
    expect(jar.header("/rooms/plans")).toBe("__Host-er_access=abc");
    expect(jar.header("/api/auth/refresh")).toBe("__Host-er_access=abc; __Secure-er_refresh=xyz");
    // A path that only starts with the same letters is another path.
    expect(jar.header("/api/authors")).toBe("__Host-er_access=abc");
  });

  it("replaces a cookie set again and deletes one that is cleared", () => {
    const jar = new CookieJar();
    jar.store(["a=1; Path=/"]);
    jar.store(["a=2; Path=/"]);
    expect(jar.header("/")).toBe("a=2");
    jar.store(["a=; Path=/; Max-Age=0"]);
    expect(jar.header("/")).toBeNull();
    jar.store(["b=1; Path=/", "c=1; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT"]);
    expect(jar.header("/")).toBe("b=1");
    jar.clear();
    expect(jar.header("/")).toBeNull();
  });
});
