import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { email, generalAccess, limit, requestedRoomId, text } from "../../src/api/schemas/fields";
import { putMemberBody } from "../../src/api/schemas/rooms";
import { commentBody, mentions } from "../../src/api/schemas/threads";
import { invalidInput } from "../../src/api/validate";
import type { ApiError } from "../../src/errors";

/** The one 400 message for `input`, or the output when it is valid. */
function check<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> | string {
  const result = v.safeParse(schema, input, { abortEarly: true });
  return result.success ? result.output : invalidInput(result.issues).message;
}

describe("request schemas", () => {
  it("name the field, then say what is wrong with it", () => {
    expect(check(putMemberBody, { email: "a@b.co", role: "owner" })).toBe("role must be one of editor, commenter, viewer");
    expect(check(putMemberBody, { email: "a@b.co" })).toBe("role is required");
    expect(check(putMemberBody, { email: 7, role: "viewer" })).toBe("email must be a string");
    expect(check(v.object({ title: text(200) }), { title: "x".repeat(201) })).toBe("title must be at most 200 characters");
    expect(check(commentBody, { body: "hi", mentions: ["a", 1] })).toBe("mentions.1 must be an array of user ids");
  });

  it("trim strings, lower-case emails and ignore fields they do not know", () => {
    expect(check(putMemberBody, { email: "  Ann@Example.COM ", role: "viewer", admin: true })).toEqual({ email: "ann@example.com", role: "viewer" });
    expect(check(email, "   ")).toBe("the input is required");
    expect(check(generalAccess, "editor")).toBe("editor");
  });

  it("take distinct mention ids, at most 20, and none when absent or null", () => {
    expect(check(mentions, undefined)).toEqual([]);
    expect(check(mentions, null)).toEqual([]);
    expect(check(mentions, ["a", "a", "b"])).toEqual(["a", "b"]);
    for (const bad of ["a", [1], [""], ["x".repeat(129)], Array.from({ length: 21 }, (_, i) => `u${i}`)]) {
      expect(v.safeParse(mentions, bad).success, JSON.stringify(bad).slice(0, 40)).toBe(false);
    }
  });

  it("read a ?limit= as an integer in range, with its default when absent", () => {
    const query = v.object({ limit: limit(50, 100) });
    expect(check(query, {})).toEqual({ limit: 50 });
    expect(check(query, { limit: "100" })).toEqual({ limit: 100 });
    for (const bad of ["0", "101", "1.5", "ten", "", ["1", "2"]]) expect(check(query, { limit: bad })).toBe("limit must be an integer from 1 to 100");
  });

  it("check a requested room id with the route parameter's parser, and leave an empty one to the server", () => {
    expect(check(requestedRoomId, " notes-1 ")).toBe("notes-1");
    expect(check(requestedRoomId, "")).toBeUndefined();
    expect(() => v.parse(requestedRoomId, "-bad")).toThrow(expect.objectContaining({ code: "invalid_room_id" }) as ApiError);
  });
});
