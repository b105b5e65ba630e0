import { describe, expect, it } from "vitest";
import { CLOSE } from "../../../src/wire/close-codes";
import { closeAction, connectionState } from "../src/close-meaning";

describe("what a close code means to a client", () => {
  it("refreshes on an expired session, stops where reconnecting cannot help, and reconnects otherwise", () => {
    const actions = Object.fromEntries(Object.entries(CLOSE).map(([name, { code }]) => [name, closeAction(code)]));
    expect(actions).toEqual({
      invalidMessage: "end",
      unsupportedData: "end",
      sessionExpired: "refresh",
      accessRevoked: "end",
      roomDeleted: "end",
      messageTooLarge: "end",
      documentTooLarge: "end",
      rateLimited: "reconnect",
      internalError: "reconnect",
    });
    // Closes the room never sends: a dropped network (1006), a server going away (1001).
    expect([1006, 1001, 1000].map(closeAction)).toEqual(["reconnect", "reconnect", "reconnect"]);
  });

  it("tells connecting for the first time from reconnecting, and says offline and ended first", () => {
    const base = { ended: false, online: true, connected: false, everConnected: false };
    expect(connectionState(base)).toBe("connecting");
    expect(connectionState({ ...base, everConnected: true })).toBe("reconnecting");
    expect(connectionState({ ...base, connected: true, everConnected: true })).toBe("connected");
    expect(connectionState({ ...base, online: false, everConnected: true })).toBe("offline");
    expect(connectionState({ ...base, online: false, ended: true })).toBe("ended");
  });
});
