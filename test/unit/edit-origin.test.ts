/** Who an edit came from when it did not arrive on one of the room's sockets (src/room/edit-origin.ts). */
import { describe, expect, it } from "vitest";
import { authorOfOrigin, editOrigin } from "../../src/room/edit-origin";

describe("edit origins", () => {
  it("carry the path and the verified author, and give the author back", () => {
    for (const path of ["api", "restore", "relay"] as const) {
      const origin = editOrigin(path, "user-1");
      expect(origin).toBe(`${path}:user-1`);
      expect(authorOfOrigin(origin)).toBe("user-1");
    }
  });

  it("keep an author whose id holds a colon whole (an external issuer's ext:<sub>)", () => {
    expect(authorOfOrigin(editOrigin("api", "ext:app:42"))).toBe("ext:app:42");
  });

  it("name no author for a string they did not make, or one without an author", () => {
    expect(authorOfOrigin("a")).toBeNull();
    expect(authorOfOrigin("api:")).toBeNull();
  });
});
