import { describe, expect, it } from "vitest";
import {
  boundQueues,
  deployProblems,
  missingSecrets,
  PLACEHOLDER_DATABASE_ID,
  parseDeployArgs,
  parseSecretList,
  queueProblems,
  requiredSecrets,
  type Target,
} from "../../scripts/lib/preflight";
import { deploymentIn } from "../../scripts/lib/wrangler";

const ENVIRONMENTS = ["staging", "production"];
const ready: Target = {
  env: "production",
  worker: "edge-rooms-production",
  databaseName: "edge-rooms-production",
  databaseId: "5f0c1f4e-8d9a-4f6b-9a0e-3c2b1d0e9f8a",
  declaredSecrets: ["JWT_SECRET"],
};

describe("parseDeployArgs", () => {
  it("takes the environment in each of wrangler's spellings", () => {
    expect(parseDeployArgs(["--env", "production"], ENVIRONMENTS)).toEqual({ env: "production" });
    expect(parseDeployArgs(["--env=staging"], ENVIRONMENTS)).toEqual({ env: "staging" });
    expect(parseDeployArgs(["-e", "staging"], ENVIRONMENTS)).toEqual({ env: "staging" });
  });

  it("refuses no environment, the top level, an unknown one and anything else, naming the known ones", () => {
    for (const args of [[], ["--env"], ["--env="], ["--env", "prod"], ["--env", "production", "--dry-run"]]) {
      const result = parseDeployArgs(args, ENVIRONMENTS);
      expect(result).toHaveProperty("error");
      expect((result as { error: string }).error).toContain("npm run deploy -- --env <staging|production>");
    }
    expect(parseDeployArgs(["--env", "prod"], ENVIRONMENTS)).toEqual({ error: expect.stringContaining('no environment "prod"') });
  });
});

describe("secrets", () => {
  it("requires JWT_SECRET even when wrangler.toml declares nothing, and adds what it declares", () => {
    expect(requiredSecrets([])).toEqual(["JWT_SECRET"]);
    expect(requiredSecrets(["OPERATOR_TOKEN", "JWT_SECRET"])).toEqual(["JWT_SECRET", "OPERATOR_TOKEN"]);
  });

  it("finds the required secrets that are not listed", () => {
    expect(missingSecrets(["JWT_SECRET", "B"], ["B", "OTHER"])).toEqual(["JWT_SECRET"]);
    expect(missingSecrets(["JWT_SECRET"], ["JWT_SECRET", "OTHER"])).toEqual([]);
    expect(missingSecrets(["JWT_SECRET"], [])).toEqual(["JWT_SECRET"]);
    // A previous key is not the current one.
    expect(missingSecrets(["JWT_SECRET"], ["JWT_SECRET_PREVIOUS"])).toEqual(["JWT_SECRET"]);
  });

  it("reads the names from wrangler secret list's JSON and rejects anything else", () => {
    const listed = JSON.stringify(
      [
        { name: "JWT_SECRET", type: "secret_text" },
        { name: "OPERATOR_TOKEN", type: "secret_text" },
      ],
      null,
      "  ",
    );
    expect(parseSecretList(listed)).toEqual(["JWT_SECRET", "OPERATOR_TOKEN"]);
    expect(parseSecretList("[]")).toEqual([]);
    for (const output of ["Secret Name: JWT_SECRET", '{"name":"JWT_SECRET"}', '[{"type":"secret_text"}]', ""]) {
      expect(() => parseSecretList(output)).toThrow();
    }
  });
});

describe("queues", () => {
  it("lists each queue an environment binds once, producer or consumer", () => {
    const queue = "edge-rooms-production-webhooks";
    expect(boundQueues({ producers: [{ queue }], consumers: [{ queue }, { queue: "other" }] })).toEqual([queue, "other"]);
    expect(boundQueues(undefined)).toEqual([]);
  });

  it("names the command that creates each missing queue", () => {
    expect(queueProblems("production", [])).toEqual([]);
    const [problem] = queueProblems("production", ["edge-rooms-production-webhooks"]);
    expect(problem).toContain("npx wrangler queues create edge-rooms-production-webhooks");
    expect(problem).toContain("[env.production]");
  });
});

describe("deployProblems", () => {
  it("passes a target with a real database and every required secret", () => {
    expect(deployProblems(ready, { names: ["JWT_SECRET", "OTHER"] })).toEqual([]);
  });

  it("names each missing secret with the command that sets it", () => {
    const problems = deployProblems({ ...ready, declaredSecrets: ["JWT_SECRET", "OPERATOR_TOKEN"] }, { names: ["OTHER"] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("npx wrangler secret put JWT_SECRET --env production");
    expect(problems[0]).toContain("npx wrangler secret put OPERATOR_TOKEN --env production");
  });

  it("refuses when the secrets cannot be listed, saying how to log in and what to set", () => {
    const [problem] = deployProblems(ready, { error: "wrangler secret list exited with 1" });
    expect(problem).toContain("could not list the secrets of edge-rooms-production");
    expect(problem).toContain("npx wrangler login");
    expect(problem).toContain("npx wrangler secret put JWT_SECRET --env production");
  });

  it("refuses the placeholder database id, saying how to create the database", () => {
    for (const databaseId of [PLACEHOLDER_DATABASE_ID, undefined]) {
      const problems = deployProblems({ ...ready, databaseId }, { names: ["JWT_SECRET"] });
      expect(problems).toEqual([expect.stringContaining("npx wrangler d1 create edge-rooms-production")]);
    }
  });
});

describe("deploymentIn", () => {
  // The entries wrangler appends to WRANGLER_OUTPUT_FILE_PATH, one JSON object per line.
  const session = JSON.stringify({ version: 1, type: "wrangler-session", wrangler_version: "4.155.0", command_line_args: ["deploy"] });
  const deploy = (versionId: string | null) =>
    JSON.stringify({
      type: "deploy",
      version: 1,
      worker_name: "edge-rooms-production",
      version_id: versionId,
      targets: ["https://edge-rooms-production.example.workers.dev"],
    });

  it("reads the deployed version and where it serves", () => {
    expect(deploymentIn(`${session}\n${deploy("v-123")}\n`)).toEqual({ versionId: "v-123", targets: ["https://edge-rooms-production.example.workers.dev"] });
  });

  it("finds no deployment when wrangler recorded none or a declined one", () => {
    expect(deploymentIn("")).toBeUndefined();
    expect(deploymentIn(`${session}\n`)).toBeUndefined();
    expect(deploymentIn(`${session}\n${deploy(null)}\n`)).toBeUndefined();
  });
});
