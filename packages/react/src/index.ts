/**
 * @edge-rooms/react: `RoomProvider` and hooks over @edge-rooms/client's rooms.
 * docs/client.md ("React") describes each.
 */
export { useConnection, useOthers, usePresence, useRoomEnding, useRoomEvents, useSaveStatus, useYDoc } from "./hooks";
export { RoomProvider, type RoomProviderProps, useClient, useRoom } from "./room-provider";
export { type ExternalStore, othersStore, roomValue, samePeople } from "./stores";
export { useThreads } from "./threads";
