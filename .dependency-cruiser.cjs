/**
 * The layers of src/, lowest first; a module may import its own layer and the ones below it,
 * never one above, and no import cycles anywhere (`npm run check:deps`).
 *
 *   domain/          words and rules every side shares (roles, access, version kinds, event names)
 *   document/        functions over a Yjs document: root types, JSON view, revert, split,
 *                    update validation, anchors
 *   wire/            the socket protocol: codec, room events and the comment events they carry,
 *                    close codes (it validates updates with document/, hence above it)
 *   env.ts, errors.ts, log.ts, config.ts, objects.ts
 *                    the Worker's environment and context types, the error codes, logging,
 *                    configuration, and how Durable Objects are addressed
 *   storage/         DO SQLite, R2 and D1
 *   auth/            sessions, tokens, who may open a room
 *   comments/, webhooks/, inbox/, room/, relay/, mail/
 *                    services and the Durable Objects; they may use one another, without cycles
 *   api/             HTTP routes
 *   app.ts           the Hono app
 *   queue.ts         the queue handler (webhooks and mail)
 *   index.ts         the Worker entry
 *
 * The client package (packages/client/src, published as @edge-rooms/client) builds on
 * domain/, document/ and wire/ only, so its build can inline them; nothing in src/ imports it.
 * The React package (packages/react/src, @edge-rooms/react) imports the client package's entry
 * and nothing else of ours; the examples (examples/) only the two packages.
 * The pages (web/src) use src/ only through domain/, document/ and wire/, and the package.
 * README.md ("Layout") says the same in prose.
 */
const above = {
  domain: "^src/(document|wire|storage|auth|comments|webhooks|inbox|room|relay|mail|api)/|^src/[^/]+\\.ts$",
  document: "^src/(wire|storage|auth|comments|webhooks|inbox|room|relay|mail|api)/|^src/[^/]+\\.ts$",
  wire: "^src/(storage|auth|comments|webhooks|inbox|room|relay|mail|api)/|^src/[^/]+\\.ts$",
  base: "^src/(storage|auth|comments|webhooks|inbox|room|relay|mail|api)/|^src/(app|index|queue)\\.ts$",
  storage: "^src/(auth|comments|webhooks|inbox|room|relay|mail|api)/|^src/(app|index|queue)\\.ts$",
  auth: "^src/(comments|webhooks|inbox|room|relay|mail|api)/|^src/(app|index|queue)\\.ts$",
  services: "^src/api/|^src/(app|index|queue)\\.ts$",
  api: "^src/(app|index|queue)\\.ts$",
  app: "^src/(index|queue)\\.ts$",
};

const layer = (name, from, comment) => ({ name, severity: "error", comment, from: { path: from }, to: { path: above[name] } });

module.exports = {
  forbidden: [
    layer("domain", "^src/domain/", "domain/ is the ground floor: it imports nothing else of ours"),
    layer("document", "^src/document/", "document/ builds on domain/ only"),
    layer("wire", "^src/wire/", "wire/ builds on document/ and domain/ only"),
    layer("base", "^src/(env|errors|log|config|objects)\\.ts$", "the base modules build on wire/, document/ and domain/ only"),
    layer("storage", "^src/storage/", "storage/ must not know who calls it"),
    layer("auth", "^src/auth/", "auth/ sits below the services, the objects and the routes"),
    layer("services", "^src/(comments|webhooks|inbox|room|relay|mail)/", "services and Durable Objects never reach up into routes or the app"),
    layer("api", "^src/api/", "routes never import the app or the entry"),
    layer("app", "^src/app\\.ts$", "the app never imports the entry"),
    {
      name: "client-package",
      severity: "error",
      comment: "the client package runs in browsers and Node and inlines what it uses of src/: domain/, document/ and wire/ only",
      from: { path: "^packages/client/src/" },
      to: { path: "^src/", pathNot: "^src/(domain|document|wire)/" },
    },
    {
      name: "react-package",
      severity: "error",
      comment: "the React package builds on the client package's public entry only, never on the server's modules or its internals",
      from: { path: "^packages/react/src/" },
      to: { path: "^(src|web)/|^packages/client/src/(?!index\\.ts$)" },
    },
    {
      name: "examples",
      severity: "error",
      comment: "the examples are what an app developer copies: they use the packages, never the server's modules or the pages",
      from: { path: "^examples/" },
      to: { path: "^(src|web)/" },
    },
    {
      name: "server-without-client",
      severity: "error",
      comment: "the Worker never imports the client package",
      from: { path: "^src/" },
      to: { path: "^packages/" },
    },
    {
      name: "web",
      severity: "error",
      comment: "the pages share domain/, document/ and wire/ and the client package, nothing of the Worker",
      from: { path: "^web/src/" },
      to: { path: "^src/", pathNot: "^src/(domain|document|wire)/" },
    },
    {
      name: "no-circular",
      severity: "error",
      comment: "no import cycles, type-only imports included",
      from: { path: "^(src|web/src|packages/client/src|packages/react/src)/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules|^examples/dist/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
