/**
 * `npm run deploy` as an operator runs it, with the real wrangler binary, in a sandbox where
 * it cannot deploy: no stored login (an empty home directory), and every Cloudflare API call
 * goes to a local stand-in that records it. Where the real API would be needed, the stand-in
 * answers `wrangler secret list` only; anything else it refuses, so a step that should not
 * have run shows up in its record.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

const ROOT = new URL("../..", import.meta.url).pathname;
const ACCOUNT = "0123456789abcdef0123456789abcdef";

let api: Server;
let apiUrl: string;
let listedSecrets: string[] = [];
let existingQueues: string[] = [];
let requests: string[] = [];
let home: string;

beforeAll(async () => {
  api = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.setHeader("Content-Type", "application/json");
    if (req.method === "GET" && req.url === `/client/v4/accounts/${ACCOUNT}/workers/scripts/edge-rooms-production/secrets`) {
      res.end(JSON.stringify({ success: true, errors: [], messages: [], result: listedSecrets.map((name) => ({ name, type: "secret_text" })) }));
    } else if (req.method === "GET" && req.url?.startsWith(`/client/v4/accounts/${ACCOUNT}/queues?`)) {
      // `wrangler queues info <name>` looks the queue up by name.
      const name = new URL(req.url, "http://api").searchParams.get("name");
      const queues = existingQueues
        .filter((q) => q === name)
        .map((q) => ({ queue_id: `id-${q}`, queue_name: q, created_on: "", modified_on: "", producers_total_count: 0, consumers_total_count: 0 }));
      res.end(JSON.stringify({ success: true, errors: [], messages: [], result: queues }));
    } else {
      res.statusCode = 403;
      res.end(JSON.stringify({ success: false, errors: [{ code: 10000, message: "the test stand-in allows nothing else" }], messages: [], result: null }));
    }
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as { port: number }).port}/client/v4`;
  home = mkdtempSync(join(tmpdir(), "edge-rooms-deploy-test-"));
});

afterAll(async () => {
  await new Promise((resolve) => api.close(resolve));
  rmSync(home, { recursive: true, force: true });
});

beforeEach(() => {
  requests = [];
});

/** Runs `npm run deploy -- <args>` with no credentials unless `token` is given. */
function deploy(args: string[], { token }: { token?: string } = {}): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: home,
    CLOUDFLARE_API_BASE_URL: apiUrl,
    NO_COLOR: "1",
    WRANGLER_SEND_METRICS: "false",
  };
  for (const name of [
    "CLOUDFLARE_API_TOKEN",
    "CLOUDFLARE_API_KEY",
    "CLOUDFLARE_EMAIL",
    "CLOUDFLARE_ACCOUNT_ID",
    "CLOUDFLARE_ENV",
    "CF_API_TOKEN",
    "CF_API_KEY",
    "CF_EMAIL",
    "CF_ACCOUNT_ID",
  ]) {
    delete env[name];
  }
  if (token) Object.assign(env, { CLOUDFLARE_API_TOKEN: token, CLOUDFLARE_ACCOUNT_ID: ACCOUNT });
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "deploy", "--", ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output }));
  });
}

describe("npm run deploy refuses, changing nothing", () => {
  it("for an environment wrangler.toml does not have", async () => {
    const { code, output } = await deploy(["--env", "prod"]);
    expect(code).toBe(1);
    expect(output).toContain('wrangler.toml has no environment "prod"');
    expect(output).toContain("npm run deploy -- --env <staging|production>");
    expect(requests).toEqual([]);
  });

  it("when nobody is logged in: the secrets cannot be listed, and it says what to do", async () => {
    const { code, output } = await deploy(["--env", "production"]);
    expect(code).toBe(1);
    expect(output).toContain("deploy: refused, nothing was changed");
    expect(output).toContain("npx wrangler login");
    expect(output).toContain("npx wrangler secret put JWT_SECRET --env production");
    expect(output).not.toContain("D1 migrations applied");
    expect(requests).toEqual([]);
  });

  it("when JWT_SECRET is not set: it names the command that sets it and only reads from the API", async () => {
    listedSecrets = ["SOMETHING_ELSE"];
    existingQueues = ["edge-rooms-production-webhooks"];
    const { code, output } = await deploy(["--env", "production"], { token: "test-token" });
    expect(code).toBe(1);
    expect(output).toContain("edge-rooms-production is missing required secrets");
    expect(output).toContain("npx wrangler secret put JWT_SECRET --env production");
    expect(requests).toEqual([
      `GET /client/v4/accounts/${ACCOUNT}/workers/scripts/edge-rooms-production/secrets`,
      `GET /client/v4/accounts/${ACCOUNT}/queues?page=1&name=edge-rooms-production-webhooks`,
    ]);
  });

  it("while wrangler.toml still has the placeholder database id, even with every secret set and the queue created", async () => {
    listedSecrets = ["JWT_SECRET"];
    existingQueues = ["edge-rooms-production-webhooks"];
    const { code, output } = await deploy(["--env", "production"], { token: "test-token" });
    expect(code).toBe(1);
    expect(output).toContain("npx wrangler d1 create edge-rooms-production");
    expect(output).not.toContain("missing required secrets");
    expect(output).not.toContain("queues create");
    expect(requests).toEqual([
      `GET /client/v4/accounts/${ACCOUNT}/workers/scripts/edge-rooms-production/secrets`,
      `GET /client/v4/accounts/${ACCOUNT}/queues?page=1&name=edge-rooms-production-webhooks`,
    ]);
  });

  it("when the webhook queue does not exist: it names the command that creates it", async () => {
    listedSecrets = ["JWT_SECRET"];
    existingQueues = [];
    const { code, output } = await deploy(["--env", "production"], { token: "test-token" });
    expect(code).toBe(1);
    expect(output).toContain("npx wrangler queues create edge-rooms-production-webhooks");
    expect(output).not.toContain("D1 migrations applied");
  });
});
