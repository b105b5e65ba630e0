import { describe, expect, it } from "vitest";
import { parseRoomId } from "../../src/api/room-id";
import { ApiError } from "../../src/errors";

describe("parseRoomId", () => {
  it("accepts the documented alphabet and refuses the rest", () => {
    for (const ok of ["a", "A9", "my-room", "doc_1.v2", "x".repeat(128)]) expect(parseRoomId(ok)).toBe(ok);
    for (const bad of ["", "-a", ".a", "_a", "a b", "a/b", "é", "x".repeat(129)]) {
      expect(() => parseRoomId(bad)).toThrow(ApiError);
    }
  });
});
