/** Worker entry: the HTTP app and the room Durable Object class. */
import { app } from "./app";

export { Room } from "./room/room";
export default app;
