import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { type Browser, signUp } from "./browser";
import { pause } from "./client";

interface ListedRoom {
  id: string;
  title: string;
  kind: string | null;
  editedAt: string | null;
}

const create = (who: Browser, body: Record<string, unknown>) => who.fetch("/api/rooms", { method: "POST", json: body });

async function createKind(who: Browser, title: string, kind?: string): Promise<ListedRoom> {
  const res = await create(who, { title, kind });
  expect(res.status).toBe(201);
  return ((await res.json()) as { room: ListedRoom }).room;
}

const listRooms = async (who: Browser) => ((await (await who.fetch("/api/rooms")).json()) as { rooms: ListedRoom[] }).rooms;

/** An edit through the content endpoint, then a named version: the snapshot records when the room was edited. */
async function edit(who: Browser, room: string): Promise<void> {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, "edited");
  const res = await who.fetch(`/api/rooms/${room}/content`, {
    method: "POST",
    headers: { "Content-Type": "application/octet-stream" },
    body: new Uint8Array(Y.encodeStateAsUpdate(doc)),
  });
  expect(res.status).toBe(200);
  expect((await who.fetch(`/api/rooms/${room}/versions`, { method: "POST", json: { label: "checkpoint" } })).status).toBe(201);
}

describe("the rooms list", () => {
  it("keeps the kind a room was created with, and refuses a kind that is not a short lower-case label", async () => {
    const owner = await signUp("Kinds");
    const board = await createKind(owner, "Sketches", "whiteboard");
    expect(board.kind).toBe("whiteboard");
    expect((await createKind(owner, "Anything")).kind).toBeNull();
    expect(await (await owner.fetch(`/api/rooms/${board.id}`)).json()).toMatchObject({ room: { kind: "whiteboard" } });

    for (const kind of ["Whiteboard", "white board", "-x", "x".repeat(33), 7, ""]) {
      const res = await create(owner, { title: "Bad", kind });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "bad_request" } });
    }
    expect((await listRooms(owner)).map((r) => r.title).sort()).toEqual(["Anything", "Sketches"]);
  });

  it("lists the most recently edited room first; rooms never edited by when they were created", async () => {
    const owner = await signUp("Sorter");
    // Apart in time, so creation order is not a tie.
    const first = await createKind(owner, "First", "document");
    await pause(5);
    const second = await createKind(owner, "Second", "document");
    await pause(5);
    await createKind(owner, "Third", "document");
    expect((await listRooms(owner)).map((r) => r.title)).toEqual(["Third", "Second", "First"]);

    await edit(owner, first.id);
    const listed = await listRooms(owner);
    expect(listed.map((r) => r.title)).toEqual(["First", "Third", "Second"]);
    expect(listed.map((r) => r.editedAt !== null)).toEqual([true, false, false]);
    // Renaming or sharing is not editing: the order stays.
    await owner.fetch(`/api/rooms/${second.id}`, { method: "PATCH", json: { title: "Second, renamed" } });
    expect((await listRooms(owner)).map((r) => r.title)).toEqual(["First", "Third", "Second, renamed"]);
  });
});
