import { defineConfig } from "vitest/config";

// Tests that run in Node: end-to-end against a real `wrangler dev` with stock clients, and the
// operator scripts (deploy pre-flight, bundle size) against the real wrangler binary.
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts", "test/ops/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 90_000,
    // One wrangler dev at a time fits this 2-core machine.
    fileParallelism: false,
  },
});
