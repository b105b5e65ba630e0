/**
 * Real Chromium for the browser tests: Debian's /usr/bin/chromium (never a downloaded build),
 * headless, driven through playwright-core. Each person gets their own browser context, as two
 * people on two computers would: their own cookies, IndexedDB and network.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import type { DevServer } from "./dev-server";
import { mailedLink } from "./outbox";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const RESULTS = new URL("../../test-results", import.meta.url).pathname;

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does`);
  // --no-sandbox: CI runs as root, where Chromium refuses its sandbox.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
}

export interface Person {
  name: string;
  email: string;
  context: BrowserContext;
  page: Page;
}

/**
 * A new person in their own browser context who signs up through the sign-in page and
 * confirms the address with the mailed link, ending on the rooms list.
 */
export async function signUpInBrowser(browser: Browser, server: DevServer, name: string): Promise<Person> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, ".")}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.com`;
  await page.goto("/signin?mode=signup");
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { name: "Check your mail" }).waitFor();
  await page.goto(await mailedLink(server, email, "/verify"));
  await page.getByRole("heading", { name: "Email confirmed" }).waitFor();
  await page.getByRole("link", { name: "Your rooms" }).click();
  await page.getByRole("heading", { name: "Your rooms" }).waitFor();
  return { name, email, context, page };
}

/** Saves a screenshot under test-results/ (git-ignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS, { recursive: true });
  const path = join(RESULTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
