import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The package's JavaScript: one ES module, with what it uses of the server's pure layers
// (src/wire, src/domain, src/document) inlined and its dependencies left as imports.
const DEPENDENCIES = /^(yjs|y-protocols|y-websocket|lib0)(\/|$)/;

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    minify: false,
    sourcemap: true,
    lib: { entry: "src/index.ts", formats: ["es"], fileName: "index" },
    // The dependencies have no side effects worth a bare `import "yjs"` where nothing is used.
    rolldownOptions: { external: (id) => DEPENDENCIES.test(id), treeshake: { moduleSideEffects: (_id, external) => !external } },
  },
});
