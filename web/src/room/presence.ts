/** Who is here: my name and colour in the room's presence, and everyone's avatars in the header. */
import type { Person, Presence } from "@edge-rooms/client";
import { avatar } from "../lib/avatar";
import { h, replaceChildren } from "../lib/dom";
import { colorFor } from "../lib/people";
import type { User } from "../lib/types";

const MAX_SHOWN = 5;

export function announce(presence: Presence, user: User): Person {
  const me = { id: user.id, name: user.name, color: colorFor(user.id) };
  presence.setUser(me);
  return me;
}

export function showAvatars(el: HTMLElement, presence: Presence, me: Person): void {
  const render = () => {
    const others = presence.others();
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
  presence.onChange(render);
  render();
}
