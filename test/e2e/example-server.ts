/**
 * The built examples (examples/dist) served the way an app's dev server serves them: their
 * files from one origin, and everything else, the API and the room sockets included, passed
 * through to `wrangler dev` unchanged (the Host header too, so the server sees its own origin
 * in the page's requests, as behind Vite's proxy).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, request } from "node:http";
import { connect } from "node:net";
import { extname, join, normalize } from "node:path";
import type { DevServer } from "./dev-server";

const DIST = new URL("../../examples/dist", import.meta.url).pathname;
const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".woff2": "font/woff2" };

export interface ExampleServer {
  url: string;
  stop(): Promise<void>;
}

/** The file under examples/dist a request path names (a folder's index.html), if there is one. */
function fileFor(path: string): string | null {
  const file = normalize(join(DIST, decodeURIComponent(path)));
  if (!file.startsWith(DIST)) return null;
  const candidate = existsSync(file) && statSync(file).isDirectory() ? join(file, "index.html") : file;
  return existsSync(candidate) && statSync(candidate).isFile() ? candidate : null;
}

export async function startExampleServer(upstream: DevServer): Promise<ExampleServer> {
  if (!existsSync(join(DIST, "tiptap/index.html"))) throw new Error("examples/dist is missing: npm run examples:build");
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const file = path.startsWith("/api/") || path.startsWith("/rooms/") ? null : fileFor(path);
    if (file) {
      res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(readFileSync(file));
      return;
    }
    const forward = request({ host: "127.0.0.1", port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  // A socket upgrade: the request's head as it came, then bytes both ways.
  const upgraded = new Set<{ destroy(): void }>();
  server.on("upgrade", (req, socket, head) => {
    const upstreamSocket = connect(upstream.port, "127.0.0.1", () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstreamSocket.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (head.length > 0) upstreamSocket.write(head);
      upstreamSocket.pipe(socket);
      socket.pipe(upstreamSocket);
    });
    upgraded.add(socket).add(upstreamSocket);
    const close = () => {
      socket.destroy();
      upstreamSocket.destroy();
      upgraded.delete(socket);
      upgraded.delete(upstreamSocket);
    };
    upstreamSocket.on("error", close);
    socket.on("error", close);
    upstreamSocket.on("close", close);
    socket.on("close", close);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of upgraded) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
