/** MAX_CONNECTIONS_PER_USER (8 in tests) holds across a hot room and its relays, not per object. */
import { exports } from "cloudflare:workers";
import { expect, it } from "vitest";
import { createRoom, signUp } from "./browser";
import { BASE, clientsClosedAfterEach, type TestClient } from "./client";
import { makeHot, relaysCarry, relaysSettleAfterAll } from "./relay-helpers";

const { join } = clientsClosedAfterEach();
relaysSettleAfterAll();

it("counts one user's sockets on the room and on every relay together, and frees a slot when one closes", async () => {
  const owner = await signUp("Hot many tabs");
  const other = await signUp("Hot other");
  const room = await createRoom(owner);
  await owner.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: other.user!.email, role: "editor" } });
  await makeHot(room);
  const headers = owner.socketHeaders();
  const tabs: TestClient[] = [];
  // One on the room, seven spread over relays of two sockets each.
  for (let tab = 0; tab < 8; tab++) tabs.push(await join(room, { headers, query: `tab=${tab}` }));

  // Refused at once (the room counts what it routes, before the relays report) ...
  const early = await exports.default.fetch(new Request(`${BASE}/rooms/${room}?tab=8`, { headers: { Upgrade: "websocket", ...headers } }));
  expect(early.status).toBe(429);
  expect(await early.json()).toMatchObject({ error: { code: "too_many_connections" } });
  // ... and after, from their figures.
  await relaysCarry(room, 7);
  const refused = await exports.default.fetch(new Request(`${BASE}/rooms/${room}?tab=9`, { headers: { Upgrade: "websocket", ...headers } }));
  expect(refused.status).toBe(429);
  expect(refused.headers.get("Retry-After")).toBe("30");

  // Someone else still gets in, and a tab closed on a relay frees a slot for its user.
  const guest = await join(room, { headers: other.socketHeaders() });
  expect(guest.synced).toBe(true);
  await relaysCarry(room, 8);
  await tabs[7]!.closeAndWait();
  await relaysCarry(room, 7);
  const again = await join(room, { headers, query: "tab=10" });
  expect(again.synced).toBe(true);
});
