import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Unit and integration tests run inside workerd with Miniflare's real Durable Objects,
// D1 and R2, configured from wrangler.toml.
export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        // Compaction by row count after 50 edits; by bytes only past 8 MB, so a test can
        // look at a large update in the log before it is compacted.
        bindings: { COMPACT_MAX_ROWS: "50", COMPACT_MAX_BYTES: String(8 * 1024 * 1024) },
      },
    }),
  ],
  test: {
    include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts"],
    testTimeout: 20_000,
  },
});
