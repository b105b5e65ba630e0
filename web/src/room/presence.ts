/** Who is here: my name and colour in awareness, and everyone's avatars in the header. */
import type { Awareness } from "y-protocols/awareness";
import { h, replaceChildren } from "../lib/dom";
import { avatar, colorFor } from "../lib/people";
import type { User } from "../lib/types";
import { type Person, personOf } from "./presence-shape";

const MAX_SHOWN = 5;

export function announce(awareness: Awareness, user: User): Person {
  const me = { id: user.id, name: user.name, color: colorFor(user.id) };
  awareness.setLocalStateField("user", me);
  return me;
}

/** Other people present (one entry per person, however many tabs they have open). */
export function othersPresent(awareness: Awareness, me: Person): Person[] {
  const seen = new Map<string, Person>();
  for (const [clientId, state] of awareness.getStates()) {
    const person = personOf(state);
    if (clientId === awareness.clientID || !person || person.id === me.id) continue;
    seen.set(person.id, person);
  }
  return [...seen.values()];
}

export function showAvatars(el: HTMLElement, awareness: Awareness, me: Person): void {
  const render = () => {
    const others = othersPresent(awareness, me);
    const shown = others.slice(0, MAX_SHOWN);
    replaceChildren(
      el,
      avatar(me.name, me.color, `${me.name} (you)`),
      ...shown.map((p) => avatar(p.name, p.color)),
      others.length > MAX_SHOWN &&
        h(
          "span",
          {
            class: "avatar avatar-more",
            title: others
              .slice(MAX_SHOWN)
              .map((p) => p.name)
              .join(", "),
          },
          `+${others.length - MAX_SHOWN}`,
        ),
    );
  };
  awareness.on("change", render);
  render();
}
