/**
 * What `npm pack` publishes: the files the `exports` map names, nothing imported but the
 * peer dependencies, and declarations an app type-checks against, next to the packed
 * @edge-rooms/client as an app that installed both would have it.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foreignImports, missingExports, packInto, readManifest } from "../../../test/packaging/packed-package";

const PACKAGE = fileURLToPath(new URL("..", import.meta.url));
const ROOT_MODULES = join(PACKAGE, "../../node_modules");
const manifest = readManifest(PACKAGE);

let work: string;
let unpacked: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "edge-rooms-react-pack-"));
  const modules = join(work, "node_modules");
  unpacked = join(modules, "@edge-rooms/react");
  packInto(PACKAGE, unpacked);
  packInto(join(PACKAGE, "../client"), join(modules, "@edge-rooms/client"));
  // Everything else an app would have installed beside them (React, Yjs, their types).
  for (const name of readdirSync(ROOT_MODULES)) {
    if (name === "@edge-rooms" || name.startsWith(".")) continue;
    if (name.startsWith("@")) mkdirSync(join(modules, name), { recursive: true });
    const entries = name.startsWith("@") ? readdirSync(join(ROOT_MODULES, name)).map((n) => `${name}/${n}`) : [name];
    for (const entry of entries) symlinkSync(join(ROOT_MODULES, entry), join(modules, entry));
  }
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the packed package", () => {
  it("holds what its exports map names", () => {
    expect(missingExports(unpacked, manifest)).toEqual([]);
    expect(existsSync(join(unpacked, "README.md"))).toBe(true);
  });

  it("imports nothing outside itself but its peer dependencies", () => {
    const { checked, foreign } = foreignImports(unpacked, manifest);
    expect(checked).toBeGreaterThan(2);
    expect(foreign).toEqual([]);
  });

  it("runs from the tarball in Node", async () => {
    writeFileSync(join(work, "package.json"), '{ "type": "module" }');
    writeFileSync(join(work, "load.mjs"), 'export * from "@edge-rooms/react";\n');
    const mod = (await import(join(work, "load.mjs"))) as typeof import("../src/index");
    expect(typeof mod.RoomProvider).toBe("function");
    expect(typeof mod.useSaveStatus).toBe("function");
  });

  it("type-checks in an app, declarations included", () => {
    writeFileSync(join(work, "package.json"), '{ "type": "module" }');
    writeFileSync(
      join(work, "app.ts"),
      `import { createClient } from "@edge-rooms/client";
import { RoomProvider, useOthers, useSaveStatus } from "@edge-rooms/react";
import { createElement } from "react";
function Status() {
  const save: "saved" | "saving" | "unsaved" | "read-only" = useSaveStatus();
  return createElement("p", null, save, useOthers().map((p) => p.name).join(", "));
}
createElement(RoomProvider, { id: "plans", client: createClient(), children: createElement(Status) });
// @ts-expect-error a room needs its client
createElement(RoomProvider, { id: "plans" });
`,
    );
    const args = ["--noEmit", "--strict", "--skipLibCheck", "false", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022"];
    // Throws with tsc's output when anything fails to resolve or check.
    execFileSync(join(ROOT_MODULES, ".bin/tsc"), [...args, "--lib", "es2023,dom", join(work, "app.ts")], { cwd: work, encoding: "utf8" });
  });
});
