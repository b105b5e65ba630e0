import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The package's own tests, in Node: its stores over real rooms and awareness, and what
// `npm pack` puts in the tarball. The components and hooks run in Chromium against a real
// server in test/e2e/editors.e2e.test.ts (the Lexical example is built on them).
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  resolve: { alias: { "@edge-rooms/client": fileURLToPath(new URL("../client/src/index.ts", import.meta.url)) } },
  test: { include: ["test/**/*.test.ts"], environment: "node", testTimeout: 60_000 },
});
