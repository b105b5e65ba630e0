import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The package's JavaScript: one ES module; React, the client package, Yjs and y-protocols
// stay imports (peer dependencies: the app has exactly one copy of each).
const PEERS = /^(react|@edge-rooms\/client|yjs|y-protocols)(\/|$)/;

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    minify: false,
    sourcemap: true,
    lib: { entry: "src/index.ts", formats: ["es"], fileName: "index" },
    rolldownOptions: { external: (id) => PEERS.test(id), treeshake: { moduleSideEffects: (_id, external) => !external } },
  },
});
