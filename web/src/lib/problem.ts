/** What a failed request says to a person: the server's message for people, or what to do about the network. */
import { ApiError } from "./api";

export function problemText(err: unknown): string {
  if (!(err instanceof ApiError)) return "Could not reach the server. Check your connection and try again.";
  if (err.code === "too_many_requests") return `Too many attempts. Try again in ${Math.ceil((err.retryAfter ?? 60) / 60)} minute(s).`;
  // The server's messages for bad input are written for people ("password must be at least 10 characters").
  return `${err.message.charAt(0).toUpperCase()}${err.message.slice(1)}.`;
}
