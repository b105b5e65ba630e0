import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The package's own tests, in Node: its pure parts, presence over a real Awareness, and what
// `npm pack` puts in the tarball. The test against a real server is test/e2e/client-package.e2e.test.ts.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: { include: ["test/**/*.test.ts"], environment: "node", testTimeout: 60_000 },
});
