/**
 * A program with an API token, against `wrangler dev`: a Node script with the stock
 * y-websocket provider (its socket from the `ws` package, carrying `Authorization: Bearer`)
 * writes into a document a signed-in person has open in Chromium, and both converge. The
 * person makes and revokes the token from their page, as the app would.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { ApiTokenJson } from "../../src/wire/rest";
import { until, upgradeStatus } from "./http-client";
import { caretToEnd, docText, newRoom } from "./room-page";
import { chromiumTestbed } from "./testbed";

const bed = chromiumTestbed({ ada: "Ada Lovelace" });

type ProviderOptions = NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>;

/** What a script does: the stock provider, whose socket sends the token as a header (no cookie, no Origin). */
function scriptProvider(room: string, secret: string) {
  class WithToken extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { Authorization: `Bearer ${secret}` } });
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${bed.server.wsUrl}/rooms`, room, doc, {
    WebSocketPolyfill: WithToken as unknown as ProviderOptions["WebSocketPolyfill"],
    disableBc: true,
  });
  return { doc, provider, fragment: doc.getXmlFragment("prosemirror") };
}

/** A request from the person's page, with their session cookies, as the app makes it. */
function fromPage<T>(page: Page, path: string, init: { method: string; json?: unknown }): Promise<{ status: number; body: T | null }> {
  return page.evaluate(
    async ({ path, init }) => {
      const res = await fetch(path, {
        method: init.method,
        headers: init.json === undefined ? {} : { "Content-Type": "application/json" },
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
      });
      return { status: res.status, body: res.status === 204 ? null : await res.json() };
    },
    { path, init },
  );
}

/** The text of a y-prosemirror document, paragraph by paragraph. */
const paragraphs = (fragment: Y.XmlFragment) => fragment.toArray().map((node) => (node instanceof Y.XmlElement ? node.toArray().map(String).join("") : ""));

describe("an API token in a Node script", () => {
  it("writes into a room open in a bed.browser, both converge, and revoking the token closes its socket", async () => {
    const path = await newRoom(bed.ada, "document");
    const room = decodeURIComponent(path.split("/")[2]!);
    await caretToEnd(bed.ada.page);
    await bed.ada.page.keyboard.type("Hello from Ada.");

    const created = await fromPage<{ token: ApiTokenJson; secret: string }>(bed.ada.page, "/api/tokens", {
      method: "POST",
      json: { name: "e2e script", role: "editor", roomId: room, expiresInDays: 1 },
    });
    expect(created.status).toBe(201);
    const { token, secret } = created.body!;
    expect(secret).toMatch(/^ert_/);

    const script = scriptProvider(room, secret);
    try {
      await until(() => script.provider.synced && paragraphs(script.fragment).join("").includes("Hello from Ada."), "the script to read Ada's text");
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText("Written by a script.")]);
      script.fragment.push([paragraph]);
      await expect.poll(() => docText(bed.ada.page), { timeout: 10_000 }).toContain("Written by a script.");
      // And back: what Ada types next reaches the script.
      await caretToEnd(bed.ada.page);
      await bed.ada.page.keyboard.type(" Ada again.");
      await until(() => paragraphs(script.fragment).join("").includes("Ada again."), "Ada's later edit to reach the script");
      expect(await docText(bed.ada.page)).toBe(paragraphs(script.fragment).join(""));

      // Revoked from the page: the script's socket is closed with 4401 and a new one is refused.
      const closed = new Promise<number>((resolve) => script.provider.on("connection-close", (event) => resolve(event?.code ?? 0)));
      expect((await fromPage(bed.ada.page, `/api/tokens/${token.id}`, { method: "DELETE" })).status).toBe(204);
      expect(await closed).toBe(4401);
    } finally {
      script.provider.destroy();
    }
    expect(await upgradeStatus(`${bed.server.wsUrl}/rooms/${room}`, { Authorization: `Bearer ${secret}` })).toBe(401);
  });
});
