import { describe, expect, it } from "vitest";
import { roleThroughToken, type TokenScope } from "../../src/domain/api-tokens";
import { capRole, MEMBER_ROLES, type Role } from "../../src/domain/rooms";

const ROLES: Role[] = ["viewer", "commenter", "editor", "owner"];

describe("capRole", () => {
  it("gives the lower of the role and the cap, never more than the cap, and nothing from nothing", () => {
    expect(capRole("owner", "editor")).toBe("editor");
    expect(capRole("editor", "viewer")).toBe("viewer");
    expect(capRole("viewer", "editor")).toBe("viewer");
    expect(capRole("commenter", "commenter")).toBe("commenter");
    expect(capRole(null, "editor")).toBeNull();
    expect(capRole("owner", undefined)).toBe("owner");
    // Ownership never passes through a cap.
    for (const role of ROLES) for (const cap of MEMBER_ROLES) expect(capRole(role, cap)).not.toBe("owner");
  });
});

describe("roleThroughToken", () => {
  const account: TokenScope = { id: "t", role: "commenter", roomId: null };
  const room: TokenScope = { id: "t", role: "editor", roomId: "plans" };
  it("leaves a person's own role alone", () => {
    expect(roleThroughToken("owner", undefined, "plans")).toBe("owner");
  });
  it("caps an account token in every room", () => {
    expect(roleThroughToken("owner", account, "plans")).toBe("commenter");
    expect(roleThroughToken("viewer", account, "other")).toBe("viewer");
    expect(roleThroughToken(null, account, "other")).toBeNull();
  });
  it("gives a room token nothing outside its room", () => {
    expect(roleThroughToken("owner", room, "plans")).toBe("editor");
    expect(roleThroughToken("owner", room, "other")).toBeNull();
    expect(roleThroughToken("owner", room, "Plans")).toBeNull();
  });
});
