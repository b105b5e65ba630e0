/**
 * Every JSON body and query parameter goes through a schema: a field of the wrong type, on
 * any endpoint, is the same 400 that names the field, and nothing is stored.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { encodePosition } from "../../src/document/anchor";
import { type Browser, createRoom, signUp } from "./browser";

type Method = "POST" | "PUT" | "PATCH";

interface Endpoint {
  method: Method;
  path: string;
  /** A body the endpoint accepts; each of its fields is replaced in turn by a wrong type. */
  body: Record<string, unknown>;
}

const anchor = () => {
  const t = new Y.Doc().getText("t");
  t.insert(0, "text");
  return { start: encodePosition(Y.createRelativePositionFromTypeIndex(t, 0)), end: encodePosition(Y.createRelativePositionFromTypeIndex(t, 4, -1)) };
};

/** A value of another JSON type than `value`'s. */
const wrongType = (value: unknown) => (typeof value === "string" ? 42 : "not the right type");

async function errorOf(res: Response) {
  return [res.status, ((await res.json()) as { error: { code: string; message: string } }).error] as const;
}

async function setup(): Promise<{ owner: Browser; room: string; endpoints: Endpoint[] }> {
  const owner = await signUp("Validated");
  const member = await signUp("Member");
  const room = await createRoom(owner);
  const thread = (await (await owner.fetch(`/api/rooms/${room}/threads`, { method: "POST", json: { anchor: anchor(), quote: "q", body: "b" } })).json()) as {
    thread: { id: string; comments: Array<{ id: string }> };
  };
  const threadPath = `/api/rooms/${room}/threads/${thread.thread.id}`;
  const comment = { body: "hello", mentions: [member.user!.id] };
  const endpoints: Endpoint[] = [
    { method: "POST", path: "/api/auth/signup", body: { email: "new@example.com", name: "New", password: "long enough password" } },
    { method: "POST", path: "/api/auth/login", body: { email: "new@example.com", password: "long enough password" } },
    { method: "POST", path: "/api/rooms", body: { id: `r-${crypto.randomUUID()}`, title: "T", kind: "document" } },
    { method: "PATCH", path: `/api/rooms/${room}`, body: { title: "T", generalAccess: "viewer" } },
    { method: "PUT", path: `/api/rooms/${room}/members`, body: { email: member.user!.email, role: "viewer" } },
    { method: "POST", path: `/api/rooms/${room}/versions`, body: { label: "v" } },
    { method: "POST", path: `/api/rooms/${room}/threads`, body: { ...comment, anchor: anchor(), quote: "q" } },
    { method: "PATCH", path: threadPath, body: { resolved: true } },
    { method: "POST", path: `${threadPath}/comments`, body: comment },
    { method: "PATCH", path: `${threadPath}/comments/${thread.thread.comments[0]!.id}`, body: comment },
    { method: "POST", path: `/api/rooms/${room}/webhooks`, body: { url: "https://hooks.example.com/", events: ["member.added"] } },
  ];
  return { owner, room, endpoints };
}

describe("validated inputs", () => {
  it("answer a field of the wrong type with 400 bad_request naming that field, on every endpoint, storing nothing", async () => {
    const { owner, room, endpoints } = await setup();
    const before = await (await owner.fetch(`/api/rooms/${room}/threads`)).json();
    for (const { method, path, body } of endpoints) {
      for (const [field, value] of Object.entries(body)) {
        const res = await owner.fetch(path, { method, json: { ...body, [field]: wrongType(value) } });
        const [status, error] = await errorOf(res);
        expect([status, error.code], `${method} ${path} ${field}`).toEqual([400, "bad_request"]);
        expect(error.message, `${method} ${path} ${field}`).toMatch(new RegExp(`^${field} must `));
      }
    }
    expect(await (await owner.fetch(`/api/rooms/${room}/threads`)).json()).toEqual(before);
    expect(await (await owner.fetch(`/api/rooms/${room}`)).json()).toMatchObject({ room: { generalAccess: "none" } });
    expect(await (await owner.fetch(`/api/rooms/${room}/versions`)).json()).toMatchObject({ versions: [] });
  });

  it("answer every JSON endpoint's missing required field, other content type and non-object body the same way", async () => {
    const { owner, endpoints } = await setup();
    for (const { method, path, body } of endpoints) {
      const required = Object.keys(body).find((field) => !["id", "title", "kind", "mentions", "generalAccess"].includes(field));
      if (required !== undefined) {
        const { [required]: _, ...rest } = body;
        expect(await errorOf(await owner.fetch(path, { method, json: rest })), `${method} ${path}`).toEqual([
          400,
          { code: "bad_request", message: `${required} is required` },
        ]);
      }
      const text = await owner.fetch(path, { method, body: new Uint8Array([123, 125]), headers: { "Content-Type": "text/plain" } });
      expect((await errorOf(text))[1].code, `${method} ${path}`).toBe("unsupported_media_type");
      expect((await errorOf(await owner.fetch(path, { method, json: [body] })))[1].code, `${method} ${path}`).toBe("invalid_json");
    }
  });

  it("answer a query parameter out of its range with 400 bad_request naming it", async () => {
    const { owner, room } = await setup();
    const hook = (await (
      await owner.fetch(`/api/rooms/${room}/webhooks`, { method: "POST", json: { url: "https://hooks.example.com/", events: ["member.added"] } })
    ).json()) as { webhook: { id: string } };
    const cases: Array<[string, string]> = [
      ["/api/notifications?limit=0", "limit must be an integer from 1 to 100"],
      ["/api/notifications?unread=yes", "unread must be 0 or 1"],
      [`/api/rooms/${room}/content?format=xml`, "format must be yjs or json"],
      [`/api/rooms/${room}/versions/1?format=xml`, "format must be yjs or json"],
      [`/api/rooms/${room}/threads?anchors=maybe`, "anchors must be resolve"],
      [`/api/rooms/${room}/webhooks/${hook.webhook.id}/deliveries?limit=101`, "limit must be an integer from 1 to 100"],
    ];
    for (const [path, message] of cases) expect(await errorOf(await owner.fetch(path)), path).toEqual([400, { code: "bad_request", message }]);
    expect((await owner.fetch("/api/notifications?limit=1&unread=1")).status).toBe(200);
  });

  it("answer a room socket's options out of shape with 400 bad_request naming them, and upgrade with good ones", async () => {
    const { owner, room } = await setup();
    const upgrade = (query: string) => owner.fetch(`/rooms/${room}?${query}`, { headers: { Upgrade: "websocket" } });
    const cases: Array<[string, string]> = [
      ["acks=yes", "acks must be 0 or 1"],
      ["events=true", "events must be 0 or 1"],
      [`incarnation=${"x".repeat(65)}`, "incarnation must be at most 64 characters"],
      [`tab=${"t".repeat(65)}`, "tab must be at most 64 characters"],
    ];
    for (const [query, message] of cases) expect(await errorOf(await upgrade(query)), query).toEqual([400, { code: "bad_request", message }]);
    const ok = await upgrade("acks=1&events=0&tab=one&anything=else");
    expect(ok.status).toBe(101);
    ok.webSocket!.accept();
    ok.webSocket!.close(1000, "done");
  });

  it("trim strings where the API always did, and keep the documented room id error", async () => {
    const { owner, room } = await setup();
    const renamed = await owner.fetch(`/api/rooms/${room}`, { method: "PATCH", json: { title: "  Plans  " } });
    expect(await renamed.json()).toMatchObject({ room: { title: "Plans" } });
    const bad = await owner.fetch("/api/rooms", { method: "POST", json: { id: "-bad" } });
    expect((await errorOf(bad))[1].code).toBe("invalid_room_id");
    const empty = await owner.fetch(`/api/rooms/${room}`, { method: "PATCH", json: { title: "   " } });
    expect(await errorOf(empty)).toEqual([400, { code: "bad_request", message: "title must not be empty" }]);
  });
});
