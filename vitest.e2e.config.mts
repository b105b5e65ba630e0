import { defineConfig } from "vitest/config";

// End-to-end tests run in Node against a real `wrangler dev`, with stock clients.
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 90_000,
    // One wrangler dev at a time fits this 2-core machine.
    fileParallelism: false,
  },
});
