import { fileURLToPath } from "node:url";
import { mergeConfig } from "vite";
import { exampleConfig } from "./shared/vite-config.ts";

/**
 * The four examples as one app, one page each (tiptap/, codemirror/, blocknote/, lexical/):
 * `npm run examples` serves them on http://localhost:5173 with a list at /, `npm run
 * examples:build` writes examples/dist, which the end-to-end tests serve the same way
 * (test/e2e/example-server.ts). Each example also runs alone: `npm run dev` in its folder.
 */
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default mergeConfig(exampleConfig(import.meta.url), {
  appType: "mpa",
  build: {
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
