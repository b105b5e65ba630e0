/**
 * My mail preferences (`GET`/`PATCH /api/me/preferences`), and the digest's one-click
 * unsubscribe (`POST /api/mail/unsubscribe?user=&sig=`, RFC 8058), which a mail client
 * calls without a session: the signature of the account id is the credential.
 */
import { Hono } from "hono";
import { keyRing } from "../auth/keys";
import { requireSession } from "../auth/session";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { logEvent } from "../log";
import { checkUnsubscribe } from "../mail/unsubscribe";
import { setDigests, wantsDigests } from "../storage/digests";
import type { PreferencesJson } from "../wire/rest";
import { accountOf } from "./account";
import { preferencesBody, unsubscribeQuery } from "./schemas/preferences";
import { jsonBody, query } from "./validate";

export const preferences = new Hono<AppEnv>()
  .get("/", requireSession, async (c) => {
    const account = await accountOf(c);
    return c.json({ preferences: { mentionDigests: await wantsDigests(c.env.DB, account.id) } satisfies PreferencesJson });
  })
  .patch("/", requireSession, jsonBody(preferencesBody), async (c) => {
    const account = await accountOf(c);
    const { mentionDigests } = c.req.valid("json");
    await setDigests(c.env.DB, account.id, mentionDigests);
    return c.json({ preferences: { mentionDigests } satisfies PreferencesJson });
  });

export const unsubscribe = new Hono<AppEnv>().post("/unsubscribe", query(unsubscribeQuery), async (c) => {
  const { user, sig } = c.req.valid("query");
  if (!(await checkUnsubscribe(await keyRing(c.env), user, sig))) throw new ApiError("invalid_token", "this unsubscribe link is not valid");
  // An account deleted since the mail: nothing to turn off, and the answer is the same.
  await setDigests(c.env.DB, user, false);
  logEvent("info", "digests_unsubscribed", { user });
  return c.body(null, 204);
});
