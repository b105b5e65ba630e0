/** API tokens in tests: one made through the API as a signed-in person does, and requests a program makes with it. */
import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import type { ApiTokenJson } from "../../src/wire/rest";
import type { Browser } from "./browser";
import { BASE } from "./client";

export interface NewToken {
  token: ApiTokenJson;
  secret: string;
}

/** Creates a token as `owner` (signed in with cookies); fails the test unless it is `201`. */
export async function createToken(owner: Browser, body: { name?: string; role: string; roomId?: string; expiresInDays?: number }): Promise<NewToken> {
  const res = await owner.fetch("/api/tokens", { method: "POST", json: { name: "script", ...body } });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as NewToken;
}

/** A request as a program makes it: `Authorization: Bearer <secret>`, no cookies, no Origin. */
export function withToken(
  secret: string,
  path: string,
  init: { method?: string; json?: unknown; body?: Uint8Array<ArrayBuffer>; headers?: Record<string, string> } = {},
) {
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${secret}`);
  if (init.json !== undefined) headers.set("Content-Type", "application/json");
  if (init.body !== undefined) headers.set("Content-Type", "application/octet-stream");
  return exports.default.fetch(`${BASE}${path}`, {
    method: init.method ?? "GET",
    headers,
    body: init.json === undefined ? init.body : JSON.stringify(init.json),
  });
}

/** Status and error code of a response, for one assertion over both. */
export async function outcome(res: Response): Promise<[number, string | undefined]> {
  if (res.status < 400) return [res.status, undefined];
  return [res.status, ((await res.json()) as { error: { code: string } }).error.code];
}
