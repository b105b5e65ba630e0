/**
 * A room's readable history over the real Durable Object, R2 and D1: the timeline names who
 * edited when, the diff between two points says who inserted and deleted what, and any edit
 * still in the history can be previewed and restored, also after compaction archived its
 * edits to R2. Two people edit; a client records the state each point should give back.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { Room } from "../../src/room/room";
import type { AuthorshipJson, DiffJson, HistoryEntryJson, VersionJson } from "../../src/wire/rest";
import { type Browser, errorCode, signUp } from "./browser";
import { clientsClosedAfterEach, eventually, replaceBindings, stubOf } from "./client";
import { sharedRoom } from "./shared-room";

const { join } = clientsClosedAfterEach();

/** A room with an owner and an editor, both connected, and a viewer. */
async function setup() {
  const shared = await sharedRoom({ owner: "Olive Owner", editor: "Eddie Editor", viewer: "Vera Viewer" });
  const ownerClient = await join(shared.room, { headers: shared.owner.socketHeaders() });
  const editorClient = await join(shared.room, { headers: shared.editor.socketHeaders() });
  return { ...shared, ownerClient, editorClient };
}

const seqOf = async (room: string) => (await stubOf(room).stats()).seq;

const timeline = async (who: Browser, room: string, query = "") => {
  const res = await who.fetch(`/api/rooms/${room}/history${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { entries: HistoryEntryJson[]; next: number | null };
};

const diffOf = async (who: Browser, room: string, from: number | string, to: number | string) => {
  const res = await who.fetch(`/api/rooms/${room}/versions/${from}/diff/${to}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { diff: DiffJson }).diff;
};

const previewText = async (who: Browser, room: string, seq: number) => {
  const res = await who.fetch(`/api/rooms/${room}/versions/${seq}`);
  expect(res.status).toBe(200);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(await res.arrayBuffer()));
  return doc.getText("t").toString();
};

/** Moves the times of edits through `seq` back by `ms`, as if they were made that long ago (wherever a snapshot left them). */
const age = (room: string, seq: number, ms: number) =>
  runInDurableObject(stubOf(room), (_i: Room, state) => {
    const sql = state.storage.sql;
    for (const table of ["log", "folded"]) sql.exec(`UPDATE ${table} SET at = at - ? WHERE seq <= ?`, ms, seq);
    sql.exec("UPDATE sessions SET started_at = started_at - ?, ended_at = ended_at - ? WHERE to_seq <= ?", ms, ms, seq);
  });

const historyRows = (room: string) =>
  runInDurableObject(stubOf(room), (_i: Room, state) => {
    const count = (table: string) => state.storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`).one().n;
    return { folded: count("folded"), segments: count("segments"), sessions: count("sessions") };
  });

describe("history", () => {
  it("groups edits into sessions newest first, naming their authors, a page at a time", async () => {
    const { owner, editor, viewer, room, ownerClient, editorClient } = await setup();
    ownerClient.type("Meeting notes.");
    await eventually(async () => (await seqOf(room)) === 1, "the owner's edit stored");
    await editorClient.until(() => editorClient.text === "Meeting notes.", "the owner's edit");
    // An hour passes before the editor and the owner edit again.
    await age(room, 1, 60 * 60_000);
    editorClient.type(" Agenda:");
    await eventually(async () => (await seqOf(room)) === 2, "the editor's edit stored");
    await ownerClient.until(() => ownerClient.text === "Meeting notes. Agenda:", "the editor's edit");
    ownerClient.type(" one.");
    await eventually(async () => (await seqOf(room)) === 3, "the owner's second edit stored");

    const { entries, next } = await timeline(viewer, room);
    expect(next).toBeNull();
    expect(entries).toEqual([
      {
        fromSeq: 2,
        toSeq: 3,
        startedAt: expect.any(String),
        endedAt: expect.any(String),
        authors: [
          { id: editor.user!.id, name: "Eddie Editor" },
          { id: owner.user!.id, name: "Olive Owner" },
        ],
        edits: 2,
      },
      { fromSeq: 1, toSeq: 1, startedAt: expect.any(String), endedAt: expect.any(String), authors: [{ id: owner.user!.id, name: "Olive Owner" }], edits: 1 },
    ]);
    expect(Date.parse(entries[0]!.startedAt!) - Date.parse(entries[1]!.endedAt!)).toBeGreaterThan(55 * 60_000);

    const first = await timeline(viewer, room, "?limit=1");
    expect(first.entries.map((e) => e.fromSeq)).toEqual([2]);
    expect(first.next).toBe(2);
    const second = await timeline(viewer, room, `?limit=1&before=${first.next}`);
    expect(second.entries.map((e) => e.fromSeq)).toEqual([1]);
    expect(second.next).toBeNull();

    expect(await errorCode(await viewer.fetch(`/api/rooms/${room}/history?limit=0`))).toBe("bad_request");
    expect(await errorCode(await viewer.fetch(`/api/rooms/${room}/history?before=x`))).toBe("bad_request");
    expect((await (await signUp("Stranger")).fetch(`/api/rooms/${room}/history`)).status).toBe(403);
  });

  it("answers the diff between two points with who inserted and deleted what", async () => {
    const { owner, editor, viewer, room, ownerClient, editorClient } = await setup();
    ownerClient.type("The quick fox.");
    await eventually(async () => (await seqOf(room)) === 1, "the owner's edit stored");
    await editorClient.until(() => editorClient.text === "The quick fox.", "the owner's edit");
    editorClient.doc.getText("t").delete(4, 6); // "quick "
    editorClient.type("brown ", 4);
    await ownerClient.until(() => ownerClient.text === "The brown fox.", "the editor's edits");
    await eventually(async () => (await seqOf(room)) === 3, "the editor's edits stored");

    const diff = await diffOf(viewer, room, 1, "current");
    expect(diff).toEqual({
      root: "t",
      changes: [
        { op: "delete", text: "quick ", author: { id: editor.user!.id, name: "Eddie Editor" }, at: expect.any(String) },
        { op: "insert", text: "brown ", author: { id: editor.user!.id, name: "Eddie Editor" }, at: expect.any(String) },
      ],
    });
    expect(await diffOf(viewer, room, 0, 1)).toEqual({
      root: "t",
      changes: [{ op: "insert", text: "The quick fox.", author: { id: owner.user!.id, name: "Olive Owner" }, at: expect.any(String) }],
    });
    expect((await diffOf(viewer, room, "current", "current")).changes).toEqual([]);

    expect((await viewer.fetch(`/api/rooms/${room}/versions/1/diff/99`)).status).toBe(404);
    expect((await viewer.fetch(`/api/rooms/${room}/versions/3/diff/1`)).status).toBe(404);
    expect(await errorCode(await viewer.fetch(`/api/rooms/${room}/versions/one/diff/2`))).toBe("bad_request");
  });

  it("names who wrote each paragraph of the document as it is now, for a viewer too", async () => {
    const { owner, editor, viewer, room } = await setup();
    // Each person's edit is the update their own transaction makes on a shared copy.
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment("prosemirror");
    const paragraph = (text: string) => {
      const element = new Y.XmlElement("paragraph");
      element.insert(0, [new Y.XmlText(text)]);
      return element;
    };
    const editAs = async (who: Browser, change: () => void) => {
      let update: Uint8Array | undefined;
      const keep = (u: Uint8Array) => (update = u);
      doc.once("update", keep);
      doc.transact(change);
      const res = await who.fetch(`/api/rooms/${room}/content`, {
        method: "POST",
        headers: { "Content-Type": "application/octet-stream" },
        body: new Uint8Array(update!),
      });
      expect(res.status).toBe(200);
    };
    await editAs(owner, () => fragment.insert(0, [paragraph("Olive opens."), paragraph("Olive again.")]));
    await editAs(editor, () => ((fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(12, " Eddie agrees."));
    await editAs(editor, () => fragment.delete(1, 1));
    await editAs(editor, () => fragment.insert(1, [paragraph("Eddie ends.")]));

    const res = await viewer.fetch(`/api/rooms/${room}/authorship`);
    expect(res.status).toBe(200);
    const eddie = { id: editor.user!.id, name: "Eddie Editor" };
    const olive = { id: owner.user!.id, name: "Olive Owner" };
    expect(await res.json()).toEqual({
      authorship: {
        root: "prosemirror",
        seq: 4,
        blocks: [
          {
            authors: [
              { author: eddie, chars: 14 },
              { author: olive, chars: 12 },
            ],
          },
          { authors: [{ author: eddie, chars: 11 }] },
        ],
      },
    });
    const other = (await (await viewer.fetch(`/api/rooms/${room}/authorship?root=t`)).json()) as { authorship: AuthorshipJson };
    expect(other.authorship).toEqual({ root: "t", seq: 4, blocks: [] });
    expect(await errorCode(await viewer.fetch(`/api/rooms/${room}/authorship?root=`))).toBe("bad_request");
  });

  it("keeps edits readable after compaction archives them, restores any point exactly, and never uses a damaged segment", async () => {
    const { owner, editor, viewer, room, ownerClient, editorClient } = await setup();
    const versions = async () => ((await (await viewer.fetch(`/api/rooms/${room}/versions`)).json()) as { versions: VersionJson[] }).versions;
    ownerClient.type("alpha");
    await eventually(async () => (await versions()).length === 1, "a first version");
    editorClient.type(" beta");
    await ownerClient.until(() => ownerClient.text === "alpha beta", "the editor's edit");
    await eventually(async () => (await seqOf(room)) === 2, "the editor's edit stored");
    // The point to come back to, as a client saw it.
    const point = await seqOf(room);
    const recorded = Y.encodeStateAsUpdate(ownerClient.doc);
    ownerClient.type(" gamma");
    await eventually(async () => (await versions()).length === 2, "a second version");
    await eventually(async () => {
      const rows = await historyRows(room);
      return rows.folded === 0 && rows.segments > 0;
    }, "the folded edits archived");
    const listed = await env.SNAPSHOTS.list({ prefix: `rooms/${room}/history/` });
    expect(listed.objects.length).toBeGreaterThan(0);
    expect(await runInDurableObject(stubOf(room), (_i: Room, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM log").one().n)).toBe(0);

    // The timeline and the diff still name both authors.
    const { entries } = await timeline(viewer, room);
    expect(entries[0]!.authors.map((a) => a.id).sort()).toEqual([owner.user!.id, editor.user!.id].sort());
    const diff = await diffOf(viewer, room, 1, 2);
    expect(diff.changes).toEqual([{ op: "insert", text: " beta", author: { id: editor.user!.id, name: "Eddie Editor" }, at: expect.any(String) }]);
    expect(await previewText(viewer, room, point)).toBe("alpha beta");

    // Restoring the point between the two versions gives exactly the state recorded then.
    expect((await viewer.fetch(`/api/rooms/${room}/versions/${point}/restore`, { method: "POST" })).status).toBe(403);
    const res = await editor.fetch(`/api/rooms/${room}/versions/${point}/restore`, { method: "POST" });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { version: VersionJson }).version).toMatchObject({ kind: "restore", label: `Restored edit ${point}` });
    await ownerClient.until(() => ownerClient.text === "alpha beta", "the restore, live");
    const expected = new Y.Doc();
    Y.applyUpdate(expected, recorded);
    expect(ownerClient.text).toBe(expected.getText("t").toString());

    // A segment altered in R2 fails its checksum: reported, never used.
    const holding = (await env.SNAPSHOTS.list({ prefix: `rooms/${room}/history/` })).objects.find((o) => {
      const [from, to] = o.key
        .match(/(\d+)-(\d+)\.log\.gz$/)!
        .slice(1)
        .map(Number);
      return from! <= point && point <= to!;
    });
    await env.SNAPSHOTS.put(holding!.key, new Uint8Array([1, 2, 3]));
    const damaged = await editor.fetch(`/api/rooms/${room}/versions/${point}/restore`, { method: "POST" });
    expect(damaged.status).toBe(500);
    expect(await errorCode(damaged)).toBe("history_damaged");

    // Deleting the room removes its archived segments.
    expect((await owner.fetch(`/api/rooms/${room}`, { method: "DELETE" })).status).toBe(204);
    expect((await env.SNAPSHOTS.list({ prefix: `rooms/${room}/history/` })).objects).toEqual([]);
  });

  it("lets archived segments go after the retention period, and then answers 404 for their points", async () => {
    const { viewer, room, ownerClient } = await setup();
    ownerClient.type("one");
    await eventually(async () => (await historyRows(room)).segments === 1, "the first edit archived");
    ownerClient.type(" two");
    await eventually(async () => (await historyRows(room)).segments === 2, "the second edit archived");
    expect(await previewText(viewer, room, 2)).toBe("one two");
    await replaceBindings(room, () => ({ HISTORY_RETENTION_DAYS: "30" }));
    // The first segment's last edit was made 31 days ago; the second is recent.
    await runInDurableObject(stubOf(room), async (_i: Room, state) => {
      state.storage.sql.exec("UPDATE segments SET ended_at = ended_at - ? WHERE from_seq = 1", 31 * 24 * 60 * 60_000);
      await state.storage.setAlarm(Date.now());
    });
    await runDurableObjectAlarm(stubOf(room));
    expect(await historyRows(room)).toMatchObject({ segments: 1, sessions: 1 });
    const keys = (await env.SNAPSHOTS.list({ prefix: `rooms/${room}/history/` })).objects.map((o) => o.key);
    expect(keys).toEqual([expect.stringMatching(/000000000002-000000000002\.log\.gz$/)]);
    // Edit 1 is gone from the history: what it changed is no longer known (the version after
    // it still is, and edit 2 is rebuilt from it).
    const gone = await viewer.fetch(`/api/rooms/${room}/versions/0/diff/2`);
    expect(gone.status).toBe(404);
    expect(await errorCode(gone)).toBe("version_not_found");
    expect((await diffOf(viewer, room, 1, 2)).changes.map((c) => c.text)).toEqual([" two"]);
    expect(await previewText(viewer, room, 2)).toBe("one two");
    expect((await timeline(viewer, room)).entries.map((e) => e.fromSeq)).toEqual([2]);
  });

  it("refuses a range that needs more edits replayed than the limit, naming it", async () => {
    const { viewer, room, ownerClient } = await setup();
    for (const word of ["one", " two", " three"]) {
      ownerClient.type(word);
      await ownerClient.roundTrip();
    }
    await eventually(async () => (await seqOf(room)) === 3, "three edits stored");
    await replaceBindings(room, () => ({ HISTORY_MAX_REPLAY_EDITS: "2" }));
    // From the empty document (the only base at or before 0) the diff needs three edits.
    const res = await viewer.fetch(`/api/rooms/${room}/versions/0/diff/3`);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: "history_range_too_large", message: expect.stringContaining("limit of 2") } });
  });
});
