/**
 * The benchmark's Worker: the project's Worker unchanged (its app, queue consumer and Durable
 * Object classes), plus the baseline relay on `/relay/:room`, so that both run in the same
 * runtime in one run. Never deployed: bench/wrangler.bench.toml is its only configuration.
 */

import type { Env } from "../src/env";
import project, { Inbox, Room, RoomRelay } from "../src/index";
import type { WebhookMessage } from "../src/webhooks/events";
import { Relay } from "./relay/relay";

export { Inbox, Relay, Room, RoomRelay };

interface BenchEnv extends Env {
  RELAY: DurableObjectNamespace<Relay>;
}

const RELAY_PATH = /^\/relay\/([^/]+)$/;

export default {
  fetch(request: Request, env: BenchEnv, ctx: ExecutionContext): Response | Promise<Response> {
    const room = RELAY_PATH.exec(new URL(request.url).pathname)?.[1];
    if (room === undefined) return project.fetch(request, env, ctx);
    return env.RELAY.get(env.RELAY.idFromName(room)).fetch(request);
  },
  queue: project.queue,
} satisfies ExportedHandler<BenchEnv, WebhookMessage>;
