/**
 * `GET /api/dev/outbox?to=<email>`: the mail the outbox provider kept for an address, newest
 * first, so tests and people running `npm run dev` can follow its links. It does not exist
 * (`404`) whenever ENVIRONMENT is production, whatever provider is configured.
 */
import { Hono } from "hono";
import { isProduction } from "../auth/keys";
import type { AppEnv } from "../env";
import { errorBody } from "../errors";
import { listOutbox } from "../storage/outbox";
import { isoTime } from "./params";
import { outboxQuery } from "./schemas/auth";
import { query } from "./validate";

const MAX_MAILS = 50;

export const devOutbox = new Hono<AppEnv>().get(
  "/outbox",
  async (c, next) => {
    // The same answer as any unknown path: production does not admit the route exists.
    if (isProduction(c.env)) return c.json(errorBody("not_found", `no route for ${c.req.method} ${c.req.path}`), 404);
    return next();
  },
  query(outboxQuery),
  async (c) => {
    const mails = await listOutbox(c.env.DB, c.req.valid("query").to, MAX_MAILS);
    return c.json({ mails: mails.map((m) => ({ ...m, sentAt: isoTime(m.sentAt) })) });
  },
);
