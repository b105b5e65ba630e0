/**
 * The notifications bell in a page's header: the unread count, kept live by the account's
 * inbox socket (`/api/notifications/socket`), and a dropdown of the inbox. Opening a
 * notification marks it read and goes to its room (and thread).
 */
import { CLOSE, jitteredDelay } from "@edge-rooms/client";
import { client } from "../lib/api";
import { avatar } from "../lib/avatar";
import { h, replaceChildren } from "../lib/dom";
import { icon } from "../lib/icons";
import { colorFor } from "../lib/people";
import { relativeTime } from "../lib/time";
import type { Notification } from "../lib/types";

const VERB = { mention: "mentioned you in", reply: "replied in", added: "added you to" } as const;

function link(n: Notification): string {
  return `/rooms/${encodeURIComponent(n.room.id)}${n.threadId ? `#thread=${encodeURIComponent(n.threadId)}` : ""}`;
}

/** Keeps `onCount` told of the unread count while the page is open. */
function watchUnread(onCount: (unread: number) => void): void {
  let attempt = 0;
  const open = () => {
    const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/notifications/socket`);
    ws.onopen = () => (attempt = 0);
    ws.onmessage = (event) => onCount((JSON.parse(String(event.data)) as { unread: number }).unread);
    ws.onclose = (event) => {
      // The socket's token expired, or (1006) an upgrade was refused, which may be the same.
      const retry = () => setTimeout(open, jitteredDelay(++attempt, Math.random, 30_000));
      if (event.code === CLOSE.sessionExpired.code || event.code === 1006) client.auth.refresh().then((ok) => ok && retry(), retry);
      else retry();
    };
  };
  open();
}

/** The bell with its dropdown, for the caller to place in its header. */
export function createInbox(): HTMLElement {
  const badge = h("span", { class: "count-badge inbox-badge", hidden: true });
  const toggle = h(
    "button",
    { class: "btn btn-ghost icon-btn inbox-button", type: "button", title: "Notifications", "aria-label": "Notifications", "aria-haspopup": "dialog" },
    icon("bell"),
    badge,
  );
  const items = h("ul", { class: "inbox-list", "aria-label": "Notifications" });
  const markAll = h("button", { class: "btn btn-ghost btn-sm", type: "button" }, "Mark all as read");
  const panel = h(
    "div",
    { class: "inbox-panel", role: "dialog", "aria-label": "Notifications", hidden: true },
    h("div", { class: "inbox-head" }, h("h2", {}, "Notifications"), markAll),
    items,
  );

  let unread = 0;

  const setCount = (n: number) => {
    unread = n;
    badge.textContent = n > 99 ? "99+" : String(n);
    badge.hidden = n === 0;
    toggle.setAttribute("aria-label", n === 0 ? "Notifications" : `Notifications, ${n} unread`);
    if (!panel.hidden) void show();
  };

  async function show(): Promise<void> {
    const { notifications } = await client.notifications.list({ limit: 30 });
    markAll.disabled = unread === 0;
    replaceChildren(
      items,
      ...(notifications.length === 0
        ? [h("li", { class: "inbox-empty muted" }, "You are all caught up.")]
        : notifications.map((n) =>
            h(
              "li",
              {},
              h(
                "a",
                {
                  class: `inbox-item${n.readAt ? "" : " inbox-unread"}`,
                  href: link(n),
                  onclick: (event: Event) => {
                    event.preventDefault();
                    const go = () => location.assign(link(n));
                    if (n.readAt) return go();
                    void client.notifications.markRead(n.id).then(go, go);
                  },
                },
                avatar(n.actor.name, colorFor(n.actor.id)),
                h(
                  "span",
                  { class: "inbox-text" },
                  h("span", {}, h("strong", {}, n.actor.name), ` ${VERB[n.kind]} `, h("strong", {}, n.room.title ?? "a room you cannot open")),
                  n.excerpt && h("span", { class: "inbox-excerpt" }, n.excerpt),
                  h("span", { class: "muted inbox-time" }, relativeTime(n.createdAt)),
                ),
              ),
            ),
          )),
    );
  }

  toggle.addEventListener("click", () => {
    panel.hidden = !panel.hidden;
    if (!panel.hidden) show().catch(() => replaceChildren(items, h("li", { class: "inbox-empty error-text" }, "Could not load notifications.")));
  });
  markAll.addEventListener("click", () => void client.notifications.markAllRead().then(show, () => {}));
  document.addEventListener("click", (event) => {
    if (!toggle.contains(event.target as Node) && !panel.contains(event.target as Node)) panel.hidden = true;
  });
  watchUnread(setCount);
  return h("div", { class: "inbox-wrap" }, toggle, panel);
}
