import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The browser pages: one HTML entry per page in web/, built into web/dist, which wrangler
// serves as static assets (wrangler.toml [assets]); hashed files land under /assets/.
const page = (name: string) => fileURLToPath(new URL(`web/${name}.html`, import.meta.url));

export default defineConfig({
  root: "web",
  appType: "mpa",
  // The pages use the client package from its source (packages/client), as web/tsconfig.json does.
  resolve: { alias: { "@edge-rooms/client": fileURLToPath(new URL("packages/client/src/index.ts", import.meta.url)) } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    rolldownOptions: { input: { index: page("index"), signin: page("signin"), room: page("room"), account: page("account") } },
  },
});
