import { describe, expect, it } from "vitest";
import { BUDGETS, budgetWait } from "../../src/api/budgets";
import { decodeCursor, encodeCursor } from "../../src/api/cursor";

describe("budgetWait", () => {
  const budget = { allowed: 3, windowMs: 60_000, what: "things" };
  it("admits up to the allowance, then waits for the rest of the window (at least a second)", () => {
    const at = (failures: number, now: number) => budgetWait({ failures, firstAt: 1_000, lockedUntil: 0 }, now, budget);
    expect([1, 2, 3].map((n) => at(n, 2_000))).toEqual([0, 0, 0]);
    expect(at(4, 2_000)).toBe(59);
    expect(at(50, 60_500)).toBe(1);
    expect(at(4, 60_999)).toBe(1);
  });
  it("every budget allows at least one request a window", () => {
    for (const b of Object.values(BUDGETS)) expect(b.allowed).toBeGreaterThan(0);
  });
});

describe("page cursors", () => {
  it("round-trip a position and refuse anything else", () => {
    const p = { createdAt: 1_767_000_000_123, id: "0b9e-4c1f-9a3d" };
    expect(decodeCursor(encodeCursor(p))).toEqual(p);
    for (const bad of ["", "!!", btoa("x.y"), btoa("-1.a"), btoa("12."), btoa("12.a b"), btoa("012.a"), "a".repeat(401)]) expect(decodeCursor(bad)).toBeNull();
  });
});
