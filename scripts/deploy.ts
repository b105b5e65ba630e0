/**
 * `npm run deploy -- --env <staging|production>`: checks that the environment is ready (a
 * real D1 database id, every required secret set), applies the D1 migrations to its remote
 * database, then deploys the Worker, and says what it did. It stops at the first failure, so
 * nothing is deployed unless the pre-flight passed and the migrations applied.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { experimental_readRawConfig, unstable_readConfig } from "wrangler";
import { boundQueues, deployProblems, parseDeployArgs, parseSecretList, queueProblems, requiredSecrets, type SecretListing } from "./lib/preflight";
import { deploymentIn, wrangler } from "./lib/wrangler";

const ROOT = new URL("..", import.meta.url).pathname;
const CONFIG = join(ROOT, "wrangler.toml");

/** The parts of wrangler's resolved configuration read here (wrangler does not ship their types). */
interface EnvironmentConfig {
  /** The environment's Worker: the top-level name plus `-<env>`. */
  name: string;
  d1_databases: { binding: string; database_name?: string; database_id?: string }[];
  secrets?: { required?: string[] };
  queues?: { producers?: { queue: string }[]; consumers?: { queue: string }[] };
}

function refuse(problems: string[]): never {
  console.error(`deploy: refused, nothing was changed:\n${problems.map((p) => `- ${p}`).join("\n")}`);
  process.exit(1);
}

function stop(message: string): never {
  console.error(`deploy: stopped: ${message}`);
  process.exit(1);
}

function listSecrets(env: string): SecretListing {
  const run = wrangler(["secret", "list", "--env", env], { cwd: ROOT, capture: true, interactive: false });
  if (run.status !== 0) return { error: `wrangler secret list exited with ${run.status}` };
  try {
    return { names: parseSecretList(run.stdout) };
  } catch (err) {
    return { error: String(err) };
  }
}

/** The queues `wrangler queues info` cannot find (it exits non-zero for a queue that does not exist). */
function missingQueues(env: string, names: string[]): string[] {
  return names.filter((name) => wrangler(["queues", "info", name, "--env", env], { cwd: ROOT, capture: true, interactive: false }).status !== 0);
}

const environments = Object.keys(experimental_readRawConfig({ config: CONFIG }).rawConfig.env ?? {});
const args = parseDeployArgs(process.argv.slice(2), environments);
if ("error" in args) refuse([args.error]);
const { env } = args;
const config: EnvironmentConfig = unstable_readConfig({ config: CONFIG, env });
const database = config.d1_databases.find((d) => d.binding === "DB");
const target = {
  env,
  worker: config.name,
  databaseName: database?.database_name,
  databaseId: database?.database_id,
  declaredSecrets: config.secrets?.required ?? [],
};
const secrets = listSecrets(env);
// Only once the account answered: without a login every queue would look missing.
const queues = "error" in secrets ? [] : missingQueues(env, boundQueues(config.queues));
const problems = [...deployProblems(target, secrets), ...queueProblems(env, queues)];
if (problems.length > 0) refuse(problems);
console.log(`deploy: ${target.worker}: required secrets are set (${requiredSecrets(target.declaredSecrets).join(", ")})`);

// Migrations go first, so the new code never meets an old schema; the version still serving
// meets the new one for a moment, which is why migrations only ever add (docs/operations.md).
// Without standard input wrangler applies them without asking: running this command is the consent.
const migrate = wrangler(["d1", "migrations", "apply", "DB", "--remote", "--env", env], { cwd: ROOT, interactive: false });
if (migrate.status !== 0) stop(`the D1 migrations of ${target.databaseName} failed (see above); the Worker was not deployed`);
console.log(`deploy: ${target.worker}: D1 migrations applied to ${target.databaseName}`);

// Deploying stays interactive: wrangler asks before it overrides settings changed in the dashboard.
const outputDir = mkdtempSync(join(tmpdir(), "edge-rooms-deploy-"));
const outputFile = join(outputDir, "wrangler-output.json");
const run = wrangler(["deploy", "--env", env], { cwd: ROOT, env: { ...process.env, WRANGLER_OUTPUT_FILE_PATH: outputFile } });
const deployment = run.status === 0 && existsSync(outputFile) ? deploymentIn(readFileSync(outputFile, "utf8")) : undefined;
rmSync(outputDir, { recursive: true, force: true });
if (!deployment) stop(`${target.worker} was not deployed (see above); its D1 migrations are applied`);
console.log(`deploy: ${target.worker}: version ${deployment.versionId} is live at ${deployment.targets.join(", ") || "its routes"}`);
