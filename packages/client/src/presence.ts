/**
 * Presence helpers over a room's awareness: who I am (`user`: `{ id, name, color }`, the
 * shape y-prosemirror and the pages read, docs/protocol.md "Awareness") and who else is here,
 * one entry per person however many tabs they have open, malformed states ignored.
 */
import type { Awareness } from "y-protocols/awareness";
import { type Person, personOf } from "./presence-shape";

export interface Presence {
  /** Announces me to everyone in the room. */
  setUser(user: Person): void;
  /** Sets another field of my state (a caret, a pointer), or removes it with null. */
  setField(field: string, value: unknown): void;
  /** The other people here now. */
  others(): Person[];
  /** Calls `listener` with the other people whenever anyone's presence changes; returns a function that stops it. */
  onChange(listener: (others: Person[]) => void): () => void;
}

/** Other people present in `awareness`: not my own client, nor my own user in another tab. */
export function othersPresent(awareness: Awareness): Person[] {
  const me = personOf(awareness.getLocalState());
  const seen = new Map<string, Person>();
  for (const [clientId, state] of awareness.getStates()) {
    const person = personOf(state);
    if (clientId === awareness.clientID || !person || person.id === me?.id) continue;
    seen.set(person.id, person);
  }
  return [...seen.values()];
}

export function presenceOf(awareness: Awareness): Presence {
  return {
    setUser: (user) => awareness.setLocalStateField("user", { id: user.id, name: user.name, color: user.color }),
    setField: (field, value) => awareness.setLocalStateField(field, value),
    others: () => othersPresent(awareness),
    onChange(listener) {
      const changed = () => listener(othersPresent(awareness));
      awareness.on("change", changed);
      return () => awareness.off("change", changed);
    },
  };
}
