/**
 * `useThreads`: the room's comment threads, listed through the REST client when the room
 * opens, again on every comment event (someone created, resolved, deleted a thread or a
 * comment), and on every reconnection, since events missed while disconnected are not
 * replayed (docs/protocol.md). Only the latest list lands: an older answer arriving late is
 * dropped.
 */
import type { ThreadJson } from "@edge-rooms/client";
import { useEffect, useState } from "react";
import { useClient, useRoom } from "./room-provider";

/** The room's threads, null until the first list arrives; a failed request keeps the last list. */
export function useThreads(): readonly ThreadJson[] | null {
  const room = useRoom();
  const client = useClient();
  const [threads, setThreads] = useState<readonly ThreadJson[] | null>(null);

  useEffect(() => {
    let latest = 0;
    let live = true;
    const list = () => {
      const asked = ++latest;
      client.threads.all(room.id).then(
        (now) => live && asked === latest && setThreads(now),
        () => {},
      );
    };
    list();
    const stops = [room.on("event", list), room.on("connection", (state) => state === "connected" && list())];
    return () => {
      live = false;
      for (const stop of stops) stop();
    };
  }, [room, client]);

  return threads;
}
