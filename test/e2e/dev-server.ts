/**
 * Starts the real `wrangler dev` on a free loopback port with its own state directory,
 * the way a user runs it, and stops it by process group. Shared by e2e tests and benchmarks.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = new URL("../..", import.meta.url).pathname;
const WRANGLER = join(ROOT, "node_modules/.bin/wrangler");

export interface DevServer {
  url: string;
  wsUrl: string;
  port: number;
  /** Wrangler's DevTools inspector (Chrome DevTools protocol) for the Worker's isolate. */
  inspectorPort: number;
  stateDir: string;
  /** Everything wrangler printed so far, for failure messages. */
  output(): string;
  /** Stops the server (SIGTERM, then SIGKILL) and, unless `keepState`, deletes its state. */
  stop(opts?: { keepState?: boolean; signal?: NodeJS.Signals }): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface DevServerOptions {
  stateDir?: string;
  port?: number;
  vars?: Record<string, string>;
  /**
   * Another Wrangler configuration, relative to the repository (benchmarks run their own
   * Workers). It gets the project's .dev.vars, which wrangler would otherwise look for next
   * to that file, and D1 migrations only if `d1` is set.
   */
  config?: { path: string; d1: boolean };
}

export async function startDevServer(opts: DevServerOptions = {}): Promise<DevServer> {
  const stateDir = opts.stateDir ?? mkdtempSync(join(tmpdir(), "edge-rooms-e2e-"));
  const port = opts.port ?? (await freePort());
  const inspectorPort = await freePort();
  const config = opts.config ? ["--config", opts.config.path] : [];
  // What `npm run dev` does first: a generated dev secret in .dev.vars, then migrations.
  const setup = spawnSync(process.execPath, ["scripts/dev-setup.mjs"], { cwd: ROOT, encoding: "utf8" });
  if (setup.status !== 0) throw new Error(`dev setup failed:\n${setup.stderr}`);
  if (opts.config?.d1 ?? true) {
    const migrate = spawnSync(WRANGLER, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", stateDir, ...config], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, CI: "true" },
    });
    if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);
  }
  const vars = Object.entries(opts.vars ?? {}).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
  const envFile = opts.config ? ["--env-file", join(ROOT, ".dev.vars")] : [];
  const child = spawn(
    WRANGLER,
    ["dev", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", stateDir, "--inspector-port", String(inspectorPort), ...config, ...envFile, ...vars],
    { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CI: "true", NO_COLOR: "1" } },
  );
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, () => log);
  } catch (err) {
    await killGroup(child, "SIGKILL");
    throw err;
  }
  return {
    url,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    inspectorPort,
    stateDir,
    output: () => log,
    async stop({ keepState = false, signal = "SIGTERM" } = {}) {
      await killGroup(child, signal);
      if (!keepState) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not become healthy within ${ms} ms:\n${log()}`);
}

/**
 * Signals the whole process group of a child spawned `detached` (wrangler and its workerd)
 * and waits for it to exit.
 */
export async function killGroup(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signalGroup = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      // already gone
    }
  };
  signalGroup(signal);
  const timer = setTimeout(() => signalGroup("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
  // workerd may outlive wrangler briefly; make sure nothing of the group is left.
  signalGroup("SIGKILL");
}
