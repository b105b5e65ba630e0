/**
 * The examples' Vite configuration, in one place for both ways of running them: each example's
 * own dev server (`npm run dev` in examples/<editor>/, whose vite.config.mts is one call to
 * `exampleConfig`) and all four as one app (`npm run examples` at the repository's root,
 * examples/vite.config.mts).
 *
 * The dev server proxies the room server's API and sockets (/api, /rooms) to `npm run dev`
 * (`wrangler dev`, http://localhost:8787, or ROOM_SERVER), so the page, its cookies and its
 * sockets share one origin, as the server's cookie sessions and origin checks expect.
 */
import { fileURLToPath } from "node:url";
import type { UserConfig } from "vite";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The room server: `ROOM_SERVER=http://localhost:8790 npm run dev` for another port or host. */
const ROOM_SERVER = process.env.ROOM_SERVER ?? "http://localhost:8787";

/** The configuration of the app whose vite.config.mts is at `configUrl` (its import.meta.url). */
export function exampleConfig(configUrl: string): UserConfig {
  return {
    root: fileURLToPath(new URL(".", configUrl)),
    // This repository's: the packages from their source (an app installs @edge-rooms/client
    // and @edge-rooms/react from the registry and needs neither alias), and the files outside
    // an example's folder it may serve (shared/, the packages, and what they share of src/).
    resolve: {
      alias: {
        "@edge-rooms/client": here("../../packages/client/src/index.ts"),
        "@edge-rooms/react": here("../../packages/react/src/index.ts"),
      },
    },
    server: {
      fs: { allow: [here("../..")] },
      // The page's own Host goes through (changeOrigin off): the server compares the page's
      // Origin with it and refuses requests from other origins.
      proxy: {
        "/api": { target: ROOM_SERVER, changeOrigin: false },
        "/rooms": { target: ROOM_SERVER, changeOrigin: false, ws: true },
      },
    },
    build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
  };
}
