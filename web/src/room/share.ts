/**
 * The share dialog. The owner adds people by email as editors, commenters or viewers (an
 * address without a confirmed account is mailed an invitation, listed until it is accepted),
 * changes or removes them and sets link access; everyone else sees who has access. Changes
 * reach open sockets at once (the server closes a removed person's socket).
 */
import { canShare, type GeneralAccess, type MemberRole } from "../../../src/domain/rooms";
import { client } from "../lib/api";
import { avatar } from "../lib/avatar";
import { h, replaceChildren } from "../lib/dom";
import { icon } from "../lib/icons";
import { colorFor } from "../lib/people";
import { apiErrorText, taskRunner } from "../lib/task";
import type { Member, Room } from "../lib/types";
import { pendingInvitations } from "./invitations";
import { webhooksSection } from "./webhooks";

const ACCESS_TEXT: Record<GeneralAccess, string> = {
  none: "Restricted: only people added here",
  viewer: "Anyone signed in with the link can view",
  commenter: "Anyone signed in with the link can comment",
  editor: "Anyone signed in with the link can edit",
};

const ROLE_TEXT = { owner: "Owner", editor: "Can edit", commenter: "Can comment", viewer: "Can view" } as const;

const roleSelect = (value: string, label: string, onchange: (role: MemberRole) => void) => {
  const select = h(
    "select",
    { class: "select", "aria-label": label },
    h("option", { value: "editor" }, "Can edit"),
    h("option", { value: "commenter" }, "Can comment"),
    h("option", { value: "viewer" }, "Can view"),
  );
  select.value = value;
  // Its options are the member roles.
  select.addEventListener("change", () => onchange(select.value as MemberRole));
  return select;
};

export function openShare(dialog: HTMLDialogElement, room: Room, meId: string): void {
  const sharing = canShare(room.role);
  const people = h("ul", { class: "people", "aria-label": "People with access" });
  const error = h("p", { class: "error-text", role: "alert" });
  const run = taskRunner(error, showPeople);
  const pending = pendingInvitations(room.id, run);

  async function showPeople(): Promise<void> {
    if (sharing) await pending.refresh();
    const members: Member[] = await client.members.list(room.id);
    const rows = members.map(({ user, role }) =>
      h(
        "li",
        { class: "person" },
        avatar(user.name, colorFor(user.id)),
        h(
          "span",
          { class: "person-text" },
          h("span", { class: "person-name" }, user.id === meId ? `${user.name} (you)` : user.name),
          h("span", { class: "muted" }, user.email),
        ),
        sharing && role !== "owner"
          ? h(
              "span",
              { class: "person-actions" },
              roleSelect(role, `Role of ${user.name}`, (next) => void run(() => client.members.put(room.id, { email: user.email!, role: next }))),
              h(
                "button",
                {
                  class: "btn btn-ghost icon-btn",
                  type: "button",
                  title: `Remove ${user.name}`,
                  "aria-label": `Remove ${user.name}`,
                  onclick: () => void run(() => client.members.remove(room.id, user.id)),
                },
                icon("close"),
              ),
            )
          : h("span", { class: "muted" }, ROLE_TEXT[role]),
      ),
    );
    replaceChildren(people, ...rows);
  }

  const email = h("input", { class: "input", type: "email", placeholder: "Add people by email", "aria-label": "Email", autocomplete: "off" });
  let role: MemberRole = "editor";
  const invite = h(
    "form",
    { class: "invite" },
    email,
    roleSelect(role, "Role", (next) => (role = next)),
    h("button", { class: "btn btn-primary", type: "submit" }, "Invite"),
  );
  invite.addEventListener("submit", (event) => {
    event.preventDefault();
    void run(async () => {
      await client.members.put(room.id, { email: email.value.trim(), role });
      email.value = "";
    });
  });

  const access = h(
    "select",
    { class: "select", "aria-label": "General access", disabled: !sharing },
    ...Object.entries(ACCESS_TEXT).map(([value, text]) => h("option", { value }, text)),
  );
  access.value = room.generalAccess;
  access.addEventListener(
    "change",
    () =>
      void run(async () => {
        const updated = await client.rooms.update(room.id, { generalAccess: access.value as GeneralAccess });
        room.generalAccess = updated.generalAccess;
      }),
  );

  const copy = h("button", { class: "btn", type: "button" }, icon("link"), "Copy link");
  copy.addEventListener("click", async () => {
    await navigator.clipboard?.writeText(location.href).catch(() => {});
    copy.lastChild!.textContent = "Link copied";
  });

  replaceChildren(
    dialog,
    h(
      "div",
      { class: "dialog-head" },
      h("h2", {}, `Share “${room.title}”`),
      h("button", { class: "btn btn-ghost icon-btn", type: "button", "aria-label": "Close", onclick: () => dialog.close() }, icon("close")),
    ),
    h(
      "div",
      { class: "dialog-body" },
      sharing && invite,
      error,
      h("div", { class: "field" }, h("span", { class: "label" }, "People with access"), people),
      sharing && pending.element,
      h("div", { class: "field" }, h("span", { class: "label" }, "General access"), access),
      sharing && webhooksSection(room.id),
      h("div", { class: "dialog-foot" }, copy, h("button", { class: "btn btn-primary", type: "button", onclick: () => dialog.close() }, "Done")),
    ),
  );
  dialog.showModal();
  showPeople().catch((err: unknown) => (error.textContent = apiErrorText(err)));
}
