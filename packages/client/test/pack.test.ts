/**
 * What `npm pack` publishes: the files the `exports` map names, and nothing that imports
 * from outside the tarball except the declared dependencies (the server's modules the
 * package uses are inlined into the JavaScript and the declarations travel with it).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foreignImports, missingExports, packInto, readManifest } from "../../../test/packaging/packed-package";

const PACKAGE = fileURLToPath(new URL("..", import.meta.url));
const manifest = readManifest(PACKAGE);

let work: string;
let unpacked: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "edge-rooms-client-pack-"));
  unpacked = join(work, "package");
  packInto(PACKAGE, unpacked);
  // The dependencies, as an app that installed the package would have them beside it.
  symlinkSync(join(PACKAGE, "../../node_modules"), join(work, "node_modules"));
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the packed package", () => {
  it("holds what its exports map names", () => {
    expect(missingExports(unpacked, manifest)).toEqual([]);
    expect(existsSync(join(unpacked, "README.md"))).toBe(true);
  });

  it("imports nothing outside itself but its declared dependencies", () => {
    const { checked, foreign } = foreignImports(unpacked, manifest);
    expect(checked).toBeGreaterThan(2);
    expect(foreign).toEqual([]);
  });

  it("runs from the tarball in Node", async () => {
    const entry = join(unpacked, "dist/index.js");
    const mod = (await import(entry)) as typeof import("../src/index");
    expect(typeof mod.createClient).toBe("function");
    expect(typeof mod.openRoom).toBe("function");
    expect(mod.CLOSE.sessionExpired.code).toBe(4401);
  });

  it("type-checks in a Node ESM app, declarations included, with the server's types", () => {
    writeFileSync(join(work, "package.json"), '{ "type": "module" }');
    writeFileSync(
      join(work, "app.ts"),
      `import * as Y from "yjs";
import { ApiError, createClient, openRoom, type RoomJson } from "./package/dist/index.js";
const client = createClient({ baseUrl: "http://127.0.0.1:8787" });
const room: RoomJson = await client.rooms.get("plans");
openRoom(room.id, { doc: new Y.Doc(), client }).on("save", (state, seq) => state.toUpperCase() + (seq + 1));
await client.rooms.create({ id: "plans", title: "Plans", kind: "document" });
// @ts-expect-error a body field of the wrong type
await client.members.put("plans", { email: "bob@example.com", role: "owner" });
// @ts-expect-error a code the API never answers
new ApiError(400, "no_such_code", "message");
`,
    );
    const tsc = join(PACKAGE, "../../node_modules/.bin/tsc");
    const args = ["--noEmit", "--strict", "--skipLibCheck", "false", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022"];
    // Throws with tsc's output when anything fails to resolve or check.
    execFileSync(tsc, [...args, "--lib", "es2023,dom", join(work, "app.ts")], { cwd: work, encoding: "utf8" });
  });
});
