/**
 * Request input checked by a schema before the handler runs: the handler reads typed data
 * with `c.req.valid("json")` or `c.req.valid("query")`, and every wrong shape is the same
 * `400 bad_request` naming the field.
 */
import { vValidator } from "@hono/valibot-validator";
import type { MiddlewareHandler } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { readJsonObject } from "./body";

type Issues = readonly [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]];

/**
 * The 400 for the first problem found: the field's path, then what its schema says of it
 * ("title must be at most 200 characters"). Schema messages leave the name out, so one field
 * schema serves every field; an absent field is "required".
 */
export function invalidInput(issues: Issues): ApiError {
  const [issue] = issues;
  const field = v.getDotPath(issue) ?? "the input";
  return new ApiError("bad_request", `${field} ${issue.input === undefined ? "is required" : issue.message}`);
}

/**
 * A JSON object body checked by `schema`. Not Hono's `json` target: that one validates `{}`
 * for another Content-Type, answers malformed JSON with its own error and reads any size,
 * where our API promises 415, `invalid_json` and 413 (body.ts).
 */
export function jsonBody<S extends v.GenericSchema<Record<string, unknown>, object>>(
  schema: S,
): MiddlewareHandler<AppEnv, string, { in: { json: v.InferInput<S> }; out: { json: v.InferOutput<S> } }> {
  return async (c, next) => {
    const result = v.safeParse(schema, await readJsonObject(c), { abortEarly: true });
    if (!result.success) throw invalidInput(result.issues);
    c.req.addValidatedData("json", result.output);
    await next();
  };
}

/** Path parameters checked by `schema`: a malformed one is the same 400 naming it. */
export const pathParams = <S extends v.GenericSchema<Record<string, string>, object>>(schema: S) =>
  vValidator("param", schema, (result) => {
    if (!result.success) throw invalidInput(result.issues);
  });

/** Query parameters checked by `schema` (Hono's validator via @hono/valibot-validator). */
export const query = <S extends v.GenericSchema<Record<string, string | string[]>, object>>(schema: S) =>
  vValidator("query", schema, (result) => {
    if (!result.success) throw invalidInput(result.issues);
  });
