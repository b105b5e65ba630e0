/**
 * The owner's webhooks, a section of the share dialog: each endpoint with its latest
 * deliveries, a form to add one (its signing secret is shown once, right after), removal.
 * Loaded when the section is opened; docs/webhooks.md describes the events and payloads.
 */
import "../styles/webhooks.css";
import { client } from "../lib/api";
import { h, replaceChildren } from "../lib/dom";
import { icon } from "../lib/icons";
import { taskRunner } from "../lib/task";
import type { Delivery, Webhook } from "../lib/types";

const EVENTS = ["document.updated", "version.created", "member.added", "thread.created", "comment.created"];

/** A delivery as its owner reads it. */
function deliveryText(d: Delivery): string {
  if (d.state === "delivered") return d.attempts > 1 ? `delivered after ${d.attempts} attempts` : "delivered";
  const last = d.lastStatus !== null ? `HTTP ${d.lastStatus}` : (d.lastError ?? "no answer");
  if (d.state === "failed") return `failed after ${d.attempts} attempts (${last})`;
  return d.attempts === 0 ? "queued" : `retrying (${last})`;
}

/** The section for the room `roomId`. */
export function webhooksSection(roomId: string): HTMLElement {
  const list = h("ul", { class: "webhooks", "aria-label": "Webhooks" });
  const error = h("p", { class: "error-text", role: "alert" });
  const secret = h("div", { class: "webhook-secret", role: "status" });
  const run = taskRunner(error, () => show());

  async function row(w: Webhook): Promise<HTMLElement> {
    const deliveries: Delivery[] = await client.webhooks.deliveries(roomId, w.id, { limit: 5 });
    const remove = () => void run(() => client.webhooks.delete(roomId, w.id));
    return h(
      "li",
      { class: "webhook" },
      h(
        "div",
        { class: "webhook-head" },
        h("span", { class: "webhook-url" }, w.url),
        h(
          "button",
          { class: "btn btn-ghost icon-btn", type: "button", "aria-label": `Remove webhook ${w.url}`, title: "Remove", onclick: remove },
          icon("close"),
        ),
      ),
      h("span", { class: "muted" }, w.events.join(", ")),
      h(
        "ul",
        { class: "deliveries", "aria-label": `Deliveries to ${w.url}` },
        ...deliveries.map((d) => h("li", { class: `delivery ${d.state}` }, `${d.type}: ${deliveryText(d)}`)),
      ),
    );
  }

  async function show(): Promise<void> {
    const webhooks: Webhook[] = await client.webhooks.list(roomId);
    replaceChildren(list, ...(webhooks.length === 0 ? [h("li", { class: "muted" }, "No webhooks yet.")] : await Promise.all(webhooks.map(row))));
  }

  const url = h("input", { class: "input", type: "url", placeholder: "https://…", "aria-label": "Webhook URL", autocomplete: "off" });
  const boxes = EVENTS.map((type) => h("input", { type: "checkbox", value: type, checked: type === "document.updated" }));
  const form = h(
    "form",
    { class: "webhook-form" },
    h("div", { class: "invite" }, url, h("button", { class: "btn btn-primary", type: "submit" }, "Add")),
    h("fieldset", { class: "webhook-events" }, h("legend", { class: "label" }, "Events"), ...boxes.map((box) => h("label", {}, box, box.value))),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void run(async () => {
      const events = boxes.filter((b) => b.checked).map((b) => b.value);
      const created = await client.webhooks.create(roomId, { url: url.value.trim(), events });
      url.value = "";
      const copy = h("button", { class: "btn", type: "button", onclick: () => void navigator.clipboard?.writeText(created.secret).catch(() => {}) }, "Copy");
      replaceChildren(
        secret,
        h("span", { class: "label" }, "Signing secret, shown only now:"),
        h("code", { "aria-label": "Signing secret" }, created.secret),
        copy,
      );
    });
  });

  const refresh = h("button", { class: "btn btn-ghost", type: "button", onclick: () => void run(async () => {}) }, "Refresh");
  const section = h("details", { class: "field webhooks-section" }, h("summary", { class: "label" }, "Webhooks"), form, error, secret, list, refresh);
  section.addEventListener("toggle", () => {
    if (section.open) void run(async () => {});
  });
  return section;
}
