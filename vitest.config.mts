import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Unit and integration tests run inside workerd with Miniflare's real Durable Objects,
// D1 and R2, configured from wrangler.toml.
const migrations = await readD1Migrations("./migrations");

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        // Compaction by row count after 50 edits; by bytes only past 8 MB, so a test can
        // look at a large update in the log before it is compacted.
        bindings: {
          COMPACT_MAX_ROWS: "50",
          COMPACT_MAX_BYTES: String(8 * 1024 * 1024),
          ENVIRONMENT: "test",
          JWT_SECRET: "test-secret-0123456789abcdefghijklmnopqrstuvwxyz",
          AUTH_ISSUER_SECRET: "external-issuer-secret-0123456789abcdef",
          AUTH_ISSUER: "https://app.example",
          TEST_MIGRATIONS: migrations,
        },
      },
    }),
  ],
  test: {
    include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts"],
    setupFiles: ["./test/apply-migrations.ts"],
    testTimeout: 20_000,
  },
});
