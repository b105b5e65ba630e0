import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/**
 * The examples, one page each (tiptap/, codemirror/, blocknote/, lexical/), as an app's own
 * dev server would run them: `npm run examples` serves them on http://localhost:5173 and
 * proxies the room server's API and sockets (/api, /rooms) to `npm run dev` on :8787, so
 * the page, its cookies and its sockets share one origin. `npm run examples:build` writes
 * examples/dist, which the end-to-end tests serve the same way (test/e2e/example-server.ts).
 *
 * The two aliases are this repository's: an app installs @edge-rooms/client and
 * @edge-rooms/react from the registry and needs neither.
 */
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const SERVER = process.env.ROOM_SERVER ?? "http://localhost:8787";

export default defineConfig({
  root: here("."),
  appType: "mpa",
  resolve: {
    alias: {
      "@edge-rooms/client": here("../packages/client/src/index.ts"),
      "@edge-rooms/react": here("../packages/react/src/index.ts"),
    },
  },
  server: {
    // The page's own Host goes through (changeOrigin off): the server compares the page's
    // Origin with it and refuses requests from other origins.
    proxy: {
      "/api": { target: SERVER, changeOrigin: false },
      "/rooms": { target: SERVER, changeOrigin: false, ws: true },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    rolldownOptions: {
      input: {
        index: here("index.html"),
        tiptap: here("tiptap/index.html"),
        codemirror: here("codemirror/index.html"),
        blocknote: here("blocknote/index.html"),
        lexical: here("lexical/index.html"),
      },
    },
  },
});
