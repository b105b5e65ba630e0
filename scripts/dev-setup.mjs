// Prepares local development with nothing to type: a generated signing secret in .dev.vars
// (read by wrangler dev, ignored by git). Existing values are kept.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const file = new URL("../.dev.vars", import.meta.url);
const current = existsSync(file) ? readFileSync(file, "utf8") : "";
const has = (name) => new RegExp(`^${name}=`, "m").test(current);
const additions = [];
if (!has("ENVIRONMENT")) additions.push("ENVIRONMENT=development");
// The "dev-" prefix marks it as a development secret: a production Worker refuses it.
if (!has("JWT_SECRET")) additions.push(`JWT_SECRET=dev-${randomBytes(32).toString("base64url")}`);
if (additions.length > 0) {
  const separator = current === "" || current.endsWith("\n") ? "" : "\n";
  writeFileSync(file, `${current}${separator}${additions.join("\n")}\n`);
  console.log(`dev-setup: wrote ${additions.map((a) => a.split("=")[0]).join(", ")} to .dev.vars`);
}
