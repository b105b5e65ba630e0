/**
 * What `npm run deploy` decides before it touches anything remote: which environment, and
 * whether it is ready (a real D1 database, every required secret set, its queues created). Pure functions over
 * what wrangler reported, so tests call them directly; each problem says what to type.
 */

/** The all-zero id wrangler.toml carries until a real D1 database is created. */
export const PLACEHOLDER_DATABASE_ID = "00000000-0000-4000-8000-000000000000";

/** Secrets the Worker cannot serve without, whatever wrangler.toml declares. */
export const ALWAYS_REQUIRED_SECRETS: readonly string[] = ["JWT_SECRET"];

/** One environment of wrangler.toml, as wrangler resolves it. */
export interface Target {
  env: string;
  /** The Worker's name in that environment, e.g. `edge-rooms-production`. */
  worker: string;
  databaseName: string | undefined;
  databaseId: string | undefined;
  /** `secrets.required` of the environment. */
  declaredSecrets: readonly string[];
}

/** What `wrangler secret list` gave: the secret names, or why they could not be listed. */
export type SecretListing = { names: string[] } | { error: string };

/** The environment named by `--env <name>` (or `--env=<name>`, `-e <name>`), which must exist in wrangler.toml. */
export function parseDeployArgs(args: readonly string[], environments: readonly string[]): { env: string } | { error: string } {
  const known = environments.join(", ");
  const usage = `usage: npm run deploy -- --env <${environments.join("|")}>`;
  let env: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const inline = /^--env=(.*)$/.exec(arg);
    if (inline) env = inline[1];
    else if (arg === "--env" || arg === "-e") env = args[++i];
    else return { error: `unknown argument ${arg}\n${usage}` };
  }
  // The top level of wrangler.toml is local development: deploying it is never intended.
  if (!env) return { error: `name the environment to deploy (${known})\n${usage}` };
  if (!environments.includes(env)) return { error: `wrangler.toml has no environment "${env}"; it has: ${known}\n${usage}` };
  return { env };
}

/** The names in `wrangler secret list` output: JSON `[{ "name", "type" }]`. Throws on anything else. */
export function parseSecretList(stdout: string): string[] {
  const parsed: unknown = JSON.parse(stdout);
  if (!Array.isArray(parsed) || !parsed.every((s) => typeof s === "object" && s !== null && typeof s.name === "string")) {
    throw new Error("expected a JSON list of { name } from wrangler secret list");
  }
  return parsed.map((s: { name: string }) => s.name);
}

/** The secrets a deployment needs: ours first, then the ones wrangler.toml declares. */
export function requiredSecrets(declared: readonly string[]): string[] {
  return [...new Set([...ALWAYS_REQUIRED_SECRETS, ...declared])];
}

/** Required secrets that are not listed, in the order they are required. */
export function missingSecrets(required: readonly string[], listed: readonly string[]): string[] {
  const present = new Set(listed);
  return required.filter((name) => !present.has(name));
}

/** Everything that stops a deployment of `target`, each with what to do about it; empty when ready. */
export function deployProblems(target: Target, secrets: SecretListing): string[] {
  const { env, worker } = target;
  const problems: string[] = [];
  if (target.databaseId === undefined || target.databaseId === PLACEHOLDER_DATABASE_ID) {
    problems.push(
      `[env.${env}] in wrangler.toml has no D1 database id yet: run \`npx wrangler d1 create ${target.databaseName ?? `edge-rooms-${env}`}\` ` +
        `and put the database_id it prints into [env.${env}] d1_databases`,
    );
  }
  const required = requiredSecrets(target.declaredSecrets);
  const putCommands = (names: string[]) => names.map((name) => `  npx wrangler secret put ${name} --env ${env}`).join("\n");
  if ("error" in secrets) {
    problems.push(
      `could not list the secrets of ${worker} (${secrets.error}). Log in with \`npx wrangler login\` or set CLOUDFLARE_API_TOKEN. ` +
        `On a first deployment the Worker does not exist yet: setting its secrets creates it:\n${putCommands(required)}`,
    );
  } else {
    const missing = missingSecrets(required, secrets.names);
    if (missing.length > 0) problems.push(`${worker} is missing required secrets; set them with:\n${putCommands(missing)}`);
  }
  return problems;
}

/** The queues an environment binds (wrangler's `queues` section), each once. */
export function boundQueues(queues: { producers?: { queue: string }[]; consumers?: { queue: string }[] } | undefined): string[] {
  return [...new Set([...(queues?.producers ?? []), ...(queues?.consumers ?? [])].map((q) => q.queue))];
}

/**
 * The queues that do not exist yet, each with the command that creates it: `wrangler deploy`
 * would refuse to bind them, after the migrations had already run.
 */
export function queueProblems(env: string, missing: readonly string[]): string[] {
  return missing.map(
    (name) => `the queue ${name} of [env.${env}] does not exist (or could not be read); create it with:\n  npx wrangler queues create ${name}`,
  );
}
