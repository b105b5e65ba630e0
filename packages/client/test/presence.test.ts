import { describe, expect, it } from "vitest";
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from "y-protocols/awareness";
import * as Y from "yjs";
import { othersPresent, presenceOf } from "../src/presence";

/** Another client (a tab) publishing `state`, received as the room relays it. */
function remote(awareness: Awareness, state: Record<string, unknown>): void {
  const peer = new Awareness(new Y.Doc());
  peer.setLocalState(state);
  applyAwarenessUpdate(awareness, encodeAwarenessUpdate(peer, [peer.clientID]), "remote");
  peer.destroy();
}

describe("presence over a room's awareness", () => {
  it("lists each other person once, not me in another tab, and ignores malformed states", () => {
    const awareness = new Awareness(new Y.Doc());
    const presence = presenceOf(awareness);
    presence.setUser({ id: "ada", name: "Ada", color: "#ee6666" });
    remote(awareness, { user: { id: "bob", name: "Bob", color: "#3366ee" } });
    remote(awareness, { user: { id: "bob", name: "Bob", color: "#3366ee" } });
    remote(awareness, { user: { id: "ada", name: "Ada", color: "#ee6666" } });
    remote(awareness, { user: { id: "eve", name: 42, color: "red" } });
    expect(othersPresent(awareness)).toEqual([{ id: "bob", name: "Bob", color: "#3366ee" }]);
    awareness.destroy();
  });

  it("tells listeners who is here whenever presence changes, until they stop", () => {
    const awareness = new Awareness(new Y.Doc());
    const presence = presenceOf(awareness);
    const seen: string[][] = [];
    const stop = presence.onChange((others) => seen.push(others.map((p) => p.name)));
    remote(awareness, { user: { id: "bob", name: "Bob", color: "#3366ee" } });
    presence.setField("pointer", { x: 1, y: 2 });
    stop();
    remote(awareness, { user: { id: "cyd", name: "Cyd", color: "#33aa33" } });
    expect(seen).toEqual([["Bob"], ["Bob"]]);
    expect(awareness.getLocalState()).toMatchObject({ pointer: { x: 1, y: 2 } });
    awareness.destroy();
  });
});
