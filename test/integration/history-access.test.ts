/**
 * Who may read a room's history and restore it: a member removed from the room and someone
 * with an account but no role are refused by every history endpoint (the timeline, a diff,
 * who wrote each block, a preview, a restore) (docs/api.md, "Errors
 * common to room endpoints"), and a viewer reads it but cannot restore.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { VersionJson } from "../../src/wire/rest";
import { type Browser, signUp } from "./browser";
import { sharedRoom } from "./shared-room";

/** An edit over HTTP, as its author; answers its seq. */
async function edit(who: Browser, room: string, text: string): Promise<number> {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, text);
  const res = await who.fetch(`/api/rooms/${room}/content`, {
    method: "POST",
    headers: { "Content-Type": "application/octet-stream" },
    body: new Uint8Array(Y.encodeStateAsUpdate(doc)),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { seq: number }).seq;
}

/** Every history endpoint, as the requests a page would make for edit `seq`. */
const historyRequests = (room: string, seq: number): Array<[string, string]> => [
  ["GET", `/api/rooms/${room}/history`],
  ["GET", `/api/rooms/${room}/versions/0/diff/current`],
  ["GET", `/api/rooms/${room}/authorship`],
  ["GET", `/api/rooms/${room}/versions/${seq}`],
  ["GET", `/api/rooms/${room}/versions/${seq}?format=json`],
  ["POST", `/api/rooms/${room}/versions/${seq}/restore`],
];

const documentText = async (who: Browser, room: string) => ((await (await who.fetch(`/api/rooms/${room}/content?format=json`)).json()) as { t: string }).t;

const versionCount = async (who: Browser, room: string) =>
  ((await (await who.fetch(`/api/rooms/${room}/versions`)).json()) as { versions: VersionJson[] }).versions.length;

describe("history access", () => {
  it("refuses a removed editor and a stranger on every history endpoint, with 403 forbidden and nothing restored", async () => {
    const { owner, editor, room } = await sharedRoom();
    const stranger = await signUp("Stranger");
    const first = await edit(editor, room, "Draft by the editor. ");
    // While a member, the editor reads the history: the refusals below come from the removal.
    expect((await editor.fetch(`/api/rooms/${room}/history`)).status).toBe(200);
    expect((await editor.fetch(`/api/rooms/${room}/versions/${first}`)).status).toBe(200);
    await edit(owner, room, "The owner's line. ");
    expect((await owner.fetch(`/api/rooms/${room}/members/${editor.user!.id}`, { method: "DELETE" })).status).toBe(204);
    const versionsBefore = await versionCount(owner, room);
    const textBefore = await documentText(owner, room);

    for (const who of [editor, stranger]) {
      for (const [method, path] of historyRequests(room, first)) {
        const res = await who.fetch(path, { method });
        expect(res.status, `${method} ${path}`).toBe(403);
        expect(res.headers.get("Content-Type")).toContain("application/json");
        expect(await res.json(), `${method} ${path}`).toEqual({ error: { code: "forbidden", message: expect.any(String) } });
      }
    }
    expect(await documentText(owner, room)).toBe(textBefore);
    expect(await versionCount(owner, room)).toBe(versionsBefore);
  });

  it("lets a viewer read every history endpoint but not restore", async () => {
    const { editor, viewer, room } = await sharedRoom();
    const first = await edit(editor, room, "One. ");
    await edit(editor, room, "Two. ");
    for (const [method, path] of historyRequests(room, first).filter(([method]) => method === "GET")) {
      expect((await viewer.fetch(path, { method })).status, `${method} ${path}`).toBe(200);
    }
    const textBefore = await documentText(viewer, room);
    const versionsBefore = await versionCount(viewer, room);
    const res = await viewer.fetch(`/api/rooms/${room}/versions/${first}/restore`, { method: "POST" });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: "forbidden", message: "this needs the editor role" } });
    expect(await documentText(viewer, room)).toBe(textBefore);
    expect(await versionCount(viewer, room)).toBe(versionsBefore);
  });
});
