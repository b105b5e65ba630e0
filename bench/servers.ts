/**
 * Starting and stopping what the clients talk to: `wrangler dev` with a given configuration
 * (our Worker with the baseline relay, or the y-partyserver peer), or the reference
 * y-websocket server on Node. Each is its own process group, stopped by its group id.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort, killGroup, startDevServer } from "../test/e2e/dev-server";
import { ROOT } from "./config";
import { findWranglerPid, listeningPorts, type ServerGroup, sampleServer, workerdRoles } from "./procs";
import { sleep } from "./stats";

export interface Site {
  url: string;
  wsUrl: string;
}

export interface RunningServer {
  /** What clients use as the page's origin and WebSocket base. */
  site: Site;
  /**
   * Our Worker's own runtime, without wrangler's proxy in front (see directSite); undefined
   * for a server that has no such proxy.
   */
  direct?: () => Promise<Site>;
  group: ServerGroup;
  /** Wrangler's DevTools inspector, for profiling the Worker. */
  inspectorPort?: number;
  startMs: number;
  processes: Array<{ pid: number; comm: string; role: string }>;
  output(): string;
  stop(): Promise<void>;
}

/** `wrangler dev` with a benchmark configuration (path relative to the repository). */
export async function startWrangler(config: { path: string; d1: boolean }, vars: Record<string, string>): Promise<RunningServer> {
  const t = performance.now();
  const server = await startDevServer({ config, vars });
  try {
    const rootPid = findWranglerPid(server.port);
    if (rootPid === null) throw new Error(`could not find the wrangler process for port ${server.port}`);
    // Wrangler runs two workerd: a proxy owning the public port, and the one running the Worker.
    const roles = workerdRoles(rootPid, server.port);
    const runtimePids = new Set([...roles].filter(([, r]) => r === "worker").map(([p]) => p));
    return {
      site: { url: server.url, wsUrl: server.wsUrl },
      group: { rootPid, runtimePids },
      inspectorPort: server.inspectorPort,
      direct: () => directSite(runtimePids),
      startMs: Math.round(performance.now() - t),
      processes: sampleServer(rootPid).map((p) => ({ pid: p.pid, comm: p.comm, role: roles.get(p.pid) ?? (p.pid === rootPid ? "wrangler" : p.comm) })),
      output: server.output,
      stop: () => server.stop(),
    };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/**
 * The port of the workerd that runs the Worker, found among the ports it listens on by asking
 * each for `/healthz`. Wrangler's proxy holds four descriptors per client socket, so under the
 * 20,000 open-files limit it stops near 4,900 sockets; on Cloudflare no such proxy stands
 * between a client and the Worker. Straight to the Worker's workerd, which holds two per
 * socket, the limit is near 9,900. Requests sent here are the Worker's own (origin included).
 */
async function directSite(runtimePids: ReadonlySet<number>): Promise<Site> {
  for (const pid of runtimePids) {
    for (const port of listeningPorts(pid)) {
      const url = `http://127.0.0.1:${port}`;
      const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return { url, wsUrl: `ws://127.0.0.1:${port}` };
    }
  }
  throw new Error("no port of the Worker's own workerd answers /healthz");
}

// A bench-only package: installed in bench/peers/node_modules (bench/peers/package.json), not the root's.
const Y_WEBSOCKET_SERVER = fileURLToPath(new URL("peers/node_modules/@y/websocket-server/src/server.js", import.meta.url));

/** The reference y-websocket server (`@y/websocket-server`, in memory, no persistence) on this Node. */
export async function startNodeServer(): Promise<RunningServer> {
  const t = performance.now();
  const port = await freePort();
  const child = spawn(process.execPath, [Y_WEBSOCKET_SERVER], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(port) },
  });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = performance.now() + 30_000;
  let up = false;
  while (!up && performance.now() < deadline && child.exitCode === null) {
    up = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (!up) await sleep(100);
  }
  if (!up) {
    await killGroup(child, "SIGKILL");
    throw new Error(`y-websocket server did not start:\n${log}`);
  }
  return {
    site: { url, wsUrl: `ws://127.0.0.1:${port}` },
    group: { rootPid: child.pid!, runtimePids: new Set([child.pid!]) },
    startMs: Math.round(performance.now() - t),
    processes: [{ pid: child.pid!, comm: "node", role: "y-websocket-server" }],
    output: () => log,
    stop: () => killGroup(child, "SIGTERM"),
  };
}
