/**
 * The pages' HTTP API: @edge-rooms/client on the page's own origin with the browser's
 * cookies. An expired access cookie is refreshed once (once across tabs) before a request
 * gives up; a session that is over sends the visitor to sign in.
 */
import { createClient } from "@edge-rooms/client";
import { goToSignIn } from "./session";

export { ApiError } from "@edge-rooms/client";

export const client = createClient({ onSignedOut: goToSignIn });
