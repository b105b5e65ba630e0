/**
 * The deployed environments in wrangler.toml, read by wrangler's own config reader: bindings
 * and vars are not inherited by an environment, so a missing one would deploy a Worker that
 * fails at its first request.
 */

import { describe, expect, it } from "vitest";
import { unstable_readConfig } from "wrangler";

const ROOT = new URL("../..", import.meta.url).pathname;
const read = (env?: string) => unstable_readConfig({ config: `${ROOT}wrangler.toml`, env });
const local = read();

describe.each(["staging", "production"])("[env.%s]", (name) => {
  const env = read(name);

  it("binds the room, inbox and room relay namespaces, its own D1 database and R2 bucket", () => {
    expect(env.durable_objects.bindings).toEqual([
      expect.objectContaining({ name: "ROOM", class_name: "Room" }),
      expect.objectContaining({ name: "INBOX", class_name: "Inbox" }),
      expect.objectContaining({ name: "ROOM_RELAY", class_name: "RoomRelay" }),
    ]);
    expect(env.d1_databases).toEqual([expect.objectContaining({ binding: "DB", migrations_dir: "migrations" })]);
    expect(env.r2_buckets).toEqual([expect.objectContaining({ binding: "SNAPSHOTS" })]);
    expect(env.d1_databases[0]!.database_name).not.toBe(local.d1_databases[0]!.database_name);
    expect(env.r2_buckets[0]!.bucket_name).not.toBe(local.r2_buckets[0]!.bucket_name);
  });

  it("produces and consumes its own webhook queue", () => {
    const queue = `edge-rooms-${name}-webhooks`;
    expect(env.queues.producers).toEqual([expect.objectContaining({ binding: "WEBHOOK_QUEUE", queue })]);
    expect(env.queues.consumers).toEqual([expect.objectContaining({ queue, max_retries: 100 })]);
    expect(local.queues.producers?.[0]?.queue).not.toBe(queue);
  });

  it("refuses development secrets and requires the signing key", () => {
    expect(env.vars).toMatchObject({ ENVIRONMENT: "production" });
    expect(env.secrets?.required).toContain("JWT_SECRET");
  });

  it("deploys the same Durable Object class migrations as every other environment", () => {
    expect(env.migrations).toEqual(local.migrations);
    expect(env.migrations.length).toBeGreaterThan(0);
  });
});

it("gives staging and production separate storage", () => {
  const [staging, production] = [read("staging"), read("production")];
  expect(staging.name).not.toBe(production.name);
  expect(staging.d1_databases[0]!.database_name).not.toBe(production.d1_databases[0]!.database_name);
  expect(staging.r2_buckets[0]!.bucket_name).not.toBe(production.r2_buckets[0]!.bucket_name);
});

it("keeps local development free of deployment settings", () => {
  expect(local.vars).toEqual({});
  expect(local.secrets).toBeUndefined();
});

it("runs the benchmarks on the project's Worker with every binding it has (bench/wrangler.bench.toml)", () => {
  const bench = unstable_readConfig({ config: `${ROOT}bench/wrangler.bench.toml` });
  const bindings = (config: typeof local) => ({
    durableObjects: config.durable_objects.bindings.map(({ name, class_name }: { name: string; class_name: string }) => `${name}:${class_name}`),
    d1: config.d1_databases.map(({ binding }: { binding: string }) => binding),
    r2: config.r2_buckets.map(({ binding }: { binding: string }) => binding),
    queues: (config.queues.producers ?? []).map(({ binding }: { binding: string }) => binding),
    consumers: (config.queues.consumers ?? []).length,
  });
  const { durableObjects, ...rest } = bindings(local);
  const benched = bindings(bench);
  // The bench adds its relay; everything else is the same.
  expect(benched.durableObjects).toEqual(expect.arrayContaining(durableObjects));
  expect({ ...benched, durableObjects: undefined }).toEqual({ ...rest, durableObjects: undefined });
  const classes = (config: typeof local) => config.migrations.flatMap((m: { new_sqlite_classes?: string[] }) => m.new_sqlite_classes ?? []);
  expect(classes(bench)).toEqual(expect.arrayContaining(classes(local)));
});
