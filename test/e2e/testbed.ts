/**
 * What the browser test files share: the real `wrangler dev`, headless Chromium, and people
 * who signed up through the pages, each in their own browser context. The call registers the
 * hooks that start them before a file's tests and stop them after, so it belongs at a file's
 * top level; the returned object is filled in before the first test runs.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchChromium, type Person, signUpInBrowser } from "./chromium";
import { type DevServer, type DevServerOptions, startDevServer } from "./dev-server";

/** The server and browser of a file's tests, and its people by the names the file gives them. */
export type Testbed<P extends string> = { server: DevServer; browser: Browser } & Record<P, Person>;

/**
 * Starts `wrangler dev` (with `server` options, e.g. vars) and Chromium before the file's
 * tests, and signs up `people` (key → display name) in parallel; stops both after them.
 */
export function chromiumTestbed<P extends string>(people: Record<P, string>, server: DevServerOptions = {}): Testbed<P> {
  const bed = {} as Testbed<P>;
  beforeAll(async () => {
    bed.server = await startDevServer(server);
    bed.browser = await launchChromium();
    const entries = Object.entries(people) as Array<[P, string]>;
    const signedUp = await Promise.all(entries.map(([, name]) => signUpInBrowser(bed.browser, bed.server, name)));
    entries.forEach(([key], i) => Object.assign(bed, { [key]: signedUp[i] }));
  });
  afterAll(async () => {
    await bed.browser?.close();
    await bed.server?.stop();
  });
  return bed;
}
