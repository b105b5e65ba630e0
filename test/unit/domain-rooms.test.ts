import { describe, expect, it } from "vitest";
import { atLeast, resolveRole } from "../../src/domain/rooms";

describe("resolveRole", () => {
  const policy = { ownerId: "o", generalAccess: "none" as const, members: { e: "editor" as const, v: "viewer" as const } };
  it("takes the most permissive of owner, member and link access, and never a prototype's property", () => {
    expect(resolveRole(policy, "o")).toBe("owner");
    expect(resolveRole(policy, "e")).toBe("editor");
    expect(resolveRole(policy, "v")).toBe("viewer");
    expect(resolveRole(policy, "x")).toBeNull();
    expect(resolveRole({ ...policy, generalAccess: "editor" }, "v")).toBe("editor");
    expect(resolveRole({ ...policy, generalAccess: "viewer" }, "x")).toBe("viewer");
    for (const id of ["constructor", "toString", "__proto__", "hasOwnProperty"]) expect(resolveRole(policy, id)).toBeNull();
  });
  it("orders roles", () => {
    expect(atLeast("owner", "editor")).toBe(true);
    expect(atLeast("viewer", "editor")).toBe(false);
    expect(atLeast(null, "viewer")).toBe(false);
  });
});
