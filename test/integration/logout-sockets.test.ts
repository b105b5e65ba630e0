/** A signed-out session keeps no socket open until its access token expires. */
import { describe, expect, it } from "vitest";
import { REFRESH_COOKIE } from "../../src/auth/cookies";
import { Browser, createRoom, signUp } from "./browser";
import { clientsClosedAfterEach } from "./client";

const { join } = clientsClosedAfterEach();

describe("logging out", () => {
  it("closes the session's open sockets with 4401 at once", async () => {
    const user = await signUp("Leaving");
    const socket = await join(await createRoom(user), { headers: user.socketHeaders() });
    const other = await signUp("Staying");
    const stays = await join(await createRoom(other), { headers: other.socketHeaders() });
    const res = await user.fetch("/api/auth/logout", { method: "POST" });
    expect(res.status).toBe(204);
    await socket.until(() => socket.closed !== undefined, "the signed-out socket to close");
    expect(socket.closed).toEqual({ code: 4401, reason: "session expired" });
    // Another person's session goes on.
    expect(stays.closed).toBeUndefined();
  });

  it("closes them too when a refresh token presented twice ends the sign-in", async () => {
    const user = await signUp("Robbed");
    const stolen = { ...user.cookies.get(REFRESH_COOKIE)! };
    expect((await user.fetch("/api/auth/refresh", { method: "POST" })).status).toBe(200);
    const socket = await join(await createRoom(user), { headers: user.socketHeaders() });
    const other = await signUp("Bystander");
    const stays = await join(await createRoom(other), { headers: other.socketHeaders() });
    // The thief presents the token the user has already rotated.
    const thief = new Browser();
    thief.cookies.set(REFRESH_COOKIE, stolen);
    expect((await thief.fetch("/api/auth/refresh", { method: "POST" })).status).toBe(401);
    await socket.until(() => socket.closed !== undefined, "the revoked sign-in's socket to close");
    expect(socket.closed).toEqual({ code: 4401, reason: "session expired" });
    // Only that sign-in ends.
    expect(stays.closed).toBeUndefined();
  });
});
