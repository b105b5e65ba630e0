/** Worker entry: the HTTP app and the Durable Object classes (rooms, users' inboxes). */
import { app } from "./app";

export { Inbox } from "./inbox/inbox";
export { Room } from "./room/room";
export default app;
