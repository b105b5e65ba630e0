/**
 * The owner's pending invitations, a part of the share dialog: addresses that were invited
 * but have not joined yet (no confirmed account had them), each with resend and revoke.
 */
import { client } from "../lib/api";
import { h, replaceChildren } from "../lib/dom";
import { icon } from "../lib/icons";
import type { Invitation } from "../lib/types";

const ROLE_TEXT = { editor: "can edit", commenter: "can comment", viewer: "can view" } as const;

/**
 * The list for the room `roomId`; `run` is the dialog's task runner,
 * which shows errors and refreshes the dialog (`refresh` included) after each action.
 */
export function pendingInvitations(roomId: string, run: (task: () => Promise<unknown>) => Promise<void>) {
  const list = h("ul", { class: "people", "aria-label": "Invited, not joined yet" });
  const element = h("div", { class: "field", hidden: true }, h("span", { class: "label" }, "Invited, not joined yet"), list);

  const row = (inv: Invitation) => {
    const expired = Date.parse(inv.expiresAt) <= Date.now();
    return h(
      "li",
      { class: "person" },
      h(
        "span",
        { class: "person-text" },
        h("span", { class: "person-name" }, inv.email),
        h("span", { class: "muted" }, expired ? "invitation expired" : `invited, ${ROLE_TEXT[inv.role]}`),
      ),
      h(
        "span",
        { class: "person-actions" },
        h("button", { class: "btn btn-ghost", type: "button", onclick: () => void run(() => client.invitations.resend(roomId, inv.id)) }, "Resend"),
        h(
          "button",
          {
            class: "btn btn-ghost icon-btn",
            type: "button",
            title: `Revoke the invitation of ${inv.email}`,
            "aria-label": `Revoke the invitation of ${inv.email}`,
            onclick: () => void run(() => client.invitations.revoke(roomId, inv.id)),
          },
          icon("close"),
        ),
      ),
    );
  };

  async function refresh(): Promise<void> {
    const invitations: Invitation[] = await client.invitations.list(roomId);
    element.hidden = invitations.length === 0;
    replaceChildren(list, ...invitations.map(row));
  }

  return { element, refresh };
}
