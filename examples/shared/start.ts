/**
 * What every example does before its editor: a client for the server the page came from
 * (the dev server proxies /api and /rooms to it), the signed-in person (a small form signs up
 * or in when there is no session), their colour, and the room named by `?room=` (default
 * "example"), created when it does not exist yet. Copy it with the example you take.
 */
import { ApiError, type Client, createClient, type Person } from "@edge-rooms/client";

export interface Start {
  client: Client;
  user: Person;
  roomId: string;
}

/** Carets and labels read well on white in these; presence wants "#rrggbb". */
const COLORS = ["#d9480f", "#2b8a3e", "#1971c2", "#ae3ec9", "#e03131", "#0c8599", "#f08c00", "#5f3dc4"];

/** A colour of the id's own, the same on every page it appears on. */
export function colorOf(id: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return COLORS[hash % COLORS.length]!;
}

/** The signed-in user, after the form when there is no session. */
async function signedIn(client: Client): Promise<{ id: string; name: string }> {
  try {
    return await client.auth.me();
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) throw err;
  }
  const form = document.createElement("form");
  form.className = "sign-in";
  form.innerHTML = `<h2>Sign in to the room server</h2>
    <label>Name <input name="name" autocomplete="name" placeholder="for a new account"></label>
    <label>Email <input name="email" type="email" required autocomplete="email"></label>
    <label>Password <input name="password" type="password" required minlength="8" autocomplete="current-password"></label>
    <button name="login">Sign in</button> <button name="signup">Create account</button> <output></output>`;
  document.body.prepend(form);
  return new Promise((resolve) => {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const email = String(data.get("email"));
      const password = String(data.get("password"));
      try {
        const user =
          (event.submitter as HTMLButtonElement | null)?.name === "signup"
            ? await client.auth.signup({ email, password, name: String(data.get("name")) || email })
            : await client.auth.login({ email, password });
        form.remove();
        resolve(user);
      } catch (err) {
        form.querySelector("output")!.textContent = err instanceof ApiError ? err.message : String(err);
      }
    });
  });
}

export async function start(): Promise<Start> {
  const client = createClient();
  const me = await signedIn(client);
  const roomId = new URLSearchParams(location.search).get("room") ?? "example";
  await client.rooms.get(roomId).catch((err: unknown) => {
    if (err instanceof ApiError && err.status === 404) return client.rooms.create({ id: roomId, title: roomId, kind: "document" });
    throw err;
  });
  return { client, user: { id: me.id, name: me.name, color: colorOf(me.id) }, roomId };
}
