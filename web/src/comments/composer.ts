/**
 * A comment box: a growing textarea where `@` suggests the room's members. Picking one
 * writes `@Name` and remembers the person's id; the mentions sent are those whose `@Name`
 * is still in the text when it is sent (docs/api.md, "Mentions").
 */

import { avatar } from "../lib/avatar";
import { h, replaceChildren } from "../lib/dom";
import { colorFor } from "../lib/people";
import type { Member } from "../lib/types";

export interface Draft {
  body: string;
  mentions: string[];
}

export interface Composer {
  el: HTMLElement;
  focus(): void;
  /** The members changed (their list finished loading): an open `@` query is suggested again. */
  membersChanged(): void;
}

interface Options {
  placeholder: string;
  submitLabel: string;
  members: () => Member[];
  initial?: Draft;
  onSubmit(draft: Draft): Promise<void>;
  onCancel?: () => void;
}

/** The `@query` just before the caret, if the caret is in one. */
function mentionQuery(text: string, caret: number): { at: number; query: string } | null {
  const match = /(^|\s)@([^\s@]{0,30})$/.exec(text.slice(0, caret));
  return match ? { at: caret - match[2]!.length - 1, query: match[2]!.toLowerCase() } : null;
}

export function createComposer(options: Options): Composer {
  const picked = new Map<string, string>(); // id → name
  for (const id of options.initial?.mentions ?? []) {
    const member = options.members().find((m) => m.user.id === id);
    if (member) picked.set(id, member.user.name);
  }
  const input = h("textarea", { class: "input composer-input", rows: 1, placeholder: options.placeholder, "aria-label": options.placeholder });
  input.value = options.initial?.body ?? "";
  const list = h("ul", { class: "mention-list", role: "listbox", "aria-label": "People to mention", hidden: true });
  const send = h("button", { class: "btn btn-primary btn-sm", type: "submit", disabled: input.value.trim() === "" }, options.submitLabel);
  const error = h("p", { class: "error-text composer-error", role: "alert", hidden: true });
  let choices: Member[] = [];
  let selected = 0;

  const grow = () => {
    input.style.height = "auto";
    input.style.height = `${Math.min(input.scrollHeight, 220)}px`;
    send.disabled = input.value.trim() === "";
  };

  const pick = (member: Member) => {
    const found = mentionQuery(input.value, input.selectionStart);
    if (!found) return;
    const insert = `@${member.user.name} `;
    input.setRangeText(insert, found.at, input.selectionStart, "end");
    picked.set(member.user.id, member.user.name);
    list.hidden = true;
    grow();
    input.focus();
  };

  const suggest = () => {
    const found = mentionQuery(input.value, input.selectionStart);
    choices = found
      ? options
          .members()
          .filter((m) => m.user.name.toLowerCase().includes(found.query))
          .slice(0, 6)
      : [];
    selected = 0;
    list.hidden = choices.length === 0;
    replaceChildren(
      list,
      ...choices.map((m, i) =>
        h(
          "li",
          { class: "mention-option", role: "option", "aria-selected": String(i === selected), onmousedown: (e: Event) => (e.preventDefault(), pick(m)) },
          avatar(m.user.name, colorFor(m.user.id)),
          h("span", { class: "mention-name" }, m.user.name),
          h("span", { class: "muted mention-email" }, m.user.email),
        ),
      ),
    );
  };

  input.addEventListener("input", () => (grow(), suggest()));
  input.addEventListener("blur", () => (list.hidden = true));
  input.addEventListener("keydown", (event) => {
    if (!list.hidden && choices.length > 0) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        selected = (selected + (event.key === "ArrowDown" ? 1 : choices.length - 1)) % choices.length;
        [...list.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === selected)));
        return;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        return pick(choices[selected]!);
      }
      if (event.key === "Escape") return void (list.hidden = true);
    }
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    } else if (event.key === "Escape" && options.onCancel) options.onCancel();
  });

  const form = h(
    "form",
    { class: "composer" },
    h("div", { class: "composer-field" }, input, list),
    error,
    h(
      "div",
      { class: "composer-actions" },
      options.onCancel && h("button", { class: "btn btn-ghost btn-sm", type: "button", onclick: () => options.onCancel!() }, "Cancel"),
      send,
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = input.value.trim();
    if (body === "") return;
    const mentions = [...picked].filter(([, name]) => body.includes(`@${name}`)).map(([id]) => id);
    send.disabled = true;
    error.hidden = true;
    try {
      await options.onSubmit({ body, mentions });
      input.value = "";
      picked.clear();
      grow();
    } catch (err) {
      error.textContent = err instanceof Error ? err.message : "Could not send the comment.";
      error.hidden = false;
      send.disabled = false;
    }
  });
  queueMicrotask(grow);
  return {
    el: form,
    focus: () => input.focus(),
    membersChanged: () => {
      if (document.activeElement === input) suggest();
    },
  };
}
