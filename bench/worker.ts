/**
 * The benchmark's Worker: the project's Worker unchanged (its app and its Room class), plus
 * the baseline relay on `/relay/:room`, so that both run in the same runtime in one run.
 * Never deployed: bench/wrangler.bench.toml is its only configuration.
 */
import app, { Room } from "../src/index";
import type { Env } from "../src/env";
import { Relay } from "./relay/relay";

export { Relay, Room };

interface BenchEnv extends Env {
  RELAY: DurableObjectNamespace<Relay>;
}

const RELAY_PATH = /^\/relay\/([^/]+)$/;

export default {
  fetch(request: Request, env: BenchEnv, ctx: ExecutionContext): Response | Promise<Response> {
    const room = RELAY_PATH.exec(new URL(request.url).pathname)?.[1];
    if (room === undefined) return app.fetch(request, env, ctx);
    return env.RELAY.get(env.RELAY.idFromName(room)).fetch(request);
  },
} satisfies ExportedHandler<BenchEnv>;
