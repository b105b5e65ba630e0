import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { exportJWK, generateKeyPair } from "jose";
import { defineConfig } from "vitest/config";

// Unit and integration tests run inside workerd with Miniflare's real Durable Objects,
// D1 and R2, configured from wrangler.toml.
const migrations = await readD1Migrations("./migrations");

// These tests reach the Worker without the static-asset router in front of it: that router
// relays every socket frame and makes the rooms' timing tests (rate limits) far slower than
// on the platform. So the pool gets wrangler.toml without its [assets] table (a generated,
// git-ignored file beside it, so relative paths still hold); the pages are tested in Chromium
// against wrangler dev.
const WORKER_CONFIG = "./wrangler.workerd-tests.toml";
writeFileSync(WORKER_CONFIG, readFileSync("./wrangler.toml", "utf8").replace(/^\[assets\]\n(?:(?!\[).*(?:\n|$))*/m, ""));

// An external issuer's ES256 key pair: the Worker gets the public JWK set, the tests the
// private key to mint tokens as an application's backend would.
// The set holds two keys, as during the issuer's own key rotation.
async function issuerKey(kid: string) {
  const keys = await generateKeyPair("ES256", { extractable: true });
  return {
    public: { ...(await exportJWK(keys.publicKey)), kid, alg: "ES256" },
    private: { ...(await exportJWK(keys.privateKey)), kid, alg: "ES256" },
  };
}
const [issuerKey1, issuerKey2] = [await issuerKey("app-key-1"), await issuerKey("app-key-2")];

// The test identity provider (test/integration/oidc-issuer.js) at https://issuer.test: its
// signing key (the tests sign ID tokens with the private half) and its one client, which two
// configured providers share: "fake" admits any address, "corp" only corp.example's.
const oidcKey = await issuerKey("idp-key-1");
const OIDC_CLIENT = { clientId: "edge-rooms-tests", clientSecret: "client-secret-0123456789" };
const OIDC_PROVIDERS = [
  { id: "fake", name: "Fake IdP", issuer: "https://issuer.test", ...OIDC_CLIENT },
  { id: "corp", name: "Corp SSO", issuer: "https://issuer.test", ...OIDC_CLIENT, domains: ["corp.example"] },
];

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: WORKER_CONFIG },
      miniflare: {
        // Compaction by row count after 50 edits; by bytes only past 8 MB, so a test can
        // look at a large update in the log before it is compacted.
        bindings: {
          COMPACT_MAX_ROWS: "50",
          COMPACT_MAX_BYTES: String(8 * 1024 * 1024),
          // Above the 3.2 MB update the large-document test sends.
          MAX_MESSAGE_BYTES: String(8 * 1024 * 1024),
          MAX_CONNECTIONS_PER_ROOM: "12",
          MAX_CONNECTIONS_PER_USER: "8",
          MAX_DOCUMENT_BYTES: String(12 * 1024 * 1024),
          // Snapshots soon after edits settle, so tests see them without waiting minutes.
          SNAPSHOT_DEBOUNCE_MS: "300",
          SNAPSHOT_MIN_INTERVAL_MS: "0",
          SNAPSHOT_MAX_INTERVAL_MS: "3000",
          SNAPSHOT_RETRY_MS: "500",
          // Room for two files of the quota test and not three; unused files may go at once.
          ROOM_FILES_QUOTA_BYTES: String(64 * 1024),
          FILE_GRACE_SECONDS: "0",
          ENVIRONMENT: "test",
          JWT_SECRET: "test-secret-0123456789abcdefghijklmnopqrstuvwxyz",
          OPERATOR_TOKEN: "test-operator-token-0123456789abcdefghijklmnop",
          AUTH_ISSUER_SECRET: "external-issuer-secret-0123456789abcdef",
          AUTH_ISSUER: "https://app.example",
          AUTH_ISSUER_JWKS: JSON.stringify({ keys: [issuerKey1.public, issuerKey2.public] }),
          TEST_ISSUER_PRIVATE_JWK: JSON.stringify(issuerKey1.private),
          TEST_ISSUER_NEXT_PRIVATE_JWK: JSON.stringify(issuerKey2.private),
          TEST_MIGRATIONS: migrations,
          // Failed webhook deliveries are retried after 1 s, 2 s, 4 s instead of minutes.
          WEBHOOK_RETRY_BASE_SECONDS: "1",
          WEBHOOK_MAX_ATTEMPTS: "3",
          // A deployment-wide endpoint: it receives every room's new members.
          WEBHOOKS: JSON.stringify([{ url: "https://receiver.test/deployment", events: ["member.added"], secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }]),
          OIDC_PROVIDERS: JSON.stringify(OIDC_PROVIDERS),
          // Mail digests of unseen mentions close their window after a second; their links
          // point at the tests' origin, as those of every other mail do.
          DIGEST_DELAY_SECONDS: "1",
          PUBLIC_URL: "http://rooms.test",
          TEST_OIDC_PRIVATE_JWK: JSON.stringify(oidcKey.private),
        },
        // Every outbound fetch (webhook deliveries) reaches the test receiver, which the
        // tests read through the RECEIVER binding.
        outboundService: "webhook-receiver",
        serviceBindings: { RECEIVER: "webhook-receiver", ISSUER: "oidc-issuer" },
        workers: [
          {
            name: "webhook-receiver",
            modules: true,
            scriptPath: "./test/integration/webhook-receiver.js",
            compatibilityDate: "2026-04-20",
            serviceBindings: { ISSUER: "oidc-issuer" },
          },
          {
            name: "oidc-issuer",
            modules: true,
            scriptPath: "./test/integration/oidc-issuer.js",
            compatibilityDate: "2026-04-20",
            bindings: { PUBLIC_JWKS: JSON.stringify([oidcKey.public]), CLIENT_ID: OIDC_CLIENT.clientId, CLIENT_SECRET: OIDC_CLIENT.clientSecret },
          },
        ],
      },
    }),
  ],
  // The pages get mammoth's browser build (vite reads its package's "browser" field); its Node
  // build needs node:fs and node:os, which workerd has not, so the unit tests get the same.
  resolve: { alias: [{ find: /^mammoth$/, replacement: fileURLToPath(new URL("node_modules/mammoth/mammoth.browser.js", import.meta.url)) }] },
  test: {
    include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts"],
    setupFiles: ["./test/apply-migrations.ts"],
    testTimeout: 20_000,
    // Logs go straight to workerd's output rather than through Vitest. Intercepted, a log
    // written by a Durable Object or queue handler (another I/O context) while a file makes
    // its last call to Vitest is parked and never sent, and Vitest waits for it forever
    // (cloudflare/workers-sdk#15719): the run stalled mid-suite, workerd idle.
    disableConsoleIntercept: true,
  },
});
