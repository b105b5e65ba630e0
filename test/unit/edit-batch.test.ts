import { describe, expect, it } from "vitest";
import { EditBatch, MAX_BATCH_BYTES, MAX_BATCH_EDITS } from "../../src/relay/edit-batch";

/** A room whose answers the test releases by hand: each call waits until `answer()`. */
function handRoom() {
  const calls: string[][] = [];
  const pending: Array<{ edits: string[]; resolve: (a: string[]) => void; reject: (e: unknown) => void }> = [];
  const batch = new EditBatch<string, string>(
    (edits) =>
      new Promise((resolve, reject) => {
        calls.push(edits);
        pending.push({ edits, resolve, reject });
      }),
  );
  const settle = () => new Promise((r) => setTimeout(r, 0));
  /** Answers the oldest call still out, then lets the batch send its next. */
  const answer = async () => {
    await settle();
    const call = pending.shift()!;
    call.resolve(call.edits.map((e) => `stored ${e}`));
    await settle();
  };
  return { batch, calls, pending, answer, settle };
}

describe("a relay's edit batch", () => {
  it("sends a lone edit at once, and what arrives while a call is out together in the next", async () => {
    const { batch, calls, answer, settle } = handRoom();
    const first = batch.add("a", 1);
    await settle();
    expect(calls).toEqual([["a"]]);
    const later = [batch.add("b", 1), batch.add("c", 1), batch.add("d", 1)];
    await settle();
    expect(calls).toHaveLength(1);
    await answer();
    expect(await first).toBe("stored a");
    expect(calls).toEqual([["a"], ["b", "c", "d"]]);
    await answer();
    expect(await Promise.all(later)).toEqual(["stored b", "stored c", "stored d"]);
  });

  it("keeps edits added in the same turn together, in order", async () => {
    const { batch, calls, answer } = handRoom();
    const all = ["a", "b", "c"].map((e) => batch.add(e, 1));
    await answer();
    expect(calls).toEqual([["a", "b", "c"]]);
    expect(await Promise.all(all)).toEqual(["stored a", "stored b", "stored c"]);
  });

  it("caps a call by edits and by bytes, but never leaves a large edit behind", async () => {
    const { batch, calls, answer } = handRoom();
    const many = Array.from({ length: MAX_BATCH_EDITS + 1 }, (_, i) => batch.add(`e${i}`, 1));
    await answer();
    await answer();
    expect(calls.map((c) => c.length)).toEqual([MAX_BATCH_EDITS, 1]);
    await Promise.all(many);
    const big = [batch.add("big", MAX_BATCH_BYTES + 1), batch.add("small", 1)];
    await answer();
    await answer();
    expect(calls.slice(2)).toEqual([["big"], ["small"]]);
    await Promise.all(big);
  });

  it("fails every edit of a call that failed, and goes on with the next", async () => {
    const { batch, calls, pending, answer, settle } = handRoom();
    const first = batch.add("a", 1);
    await settle();
    const second = batch.add("b", 1);
    pending.shift()!.reject(new Error("room unreachable"));
    await expect(first).rejects.toThrow("room unreachable");
    await answer();
    expect(await second).toBe("stored b");
    expect(calls).toEqual([["a"], ["b"]]);
  });
});
