/** Inputs of `/api/rooms/:id/files`: the name an upload is given, and a file's id in the path. */
import * as v from "valibot";
import { FILE_ID } from "../../domain/files";

const MAX_FILE_NAME = 200;

/**
 * A file's name as downloads show it: the last segment of whatever path the uploader sent,
 * without control characters, at most 200 characters.
 */
export const fileName = v.pipe(
  v.string(),
  v.transform((name) =>
    name
      .split(/[/\\]/)
      .pop()!
      .replace(/\p{Cc}/gu, "")
      .trim(),
  ),
  v.maxLength(MAX_FILE_NAME, `must be at most ${MAX_FILE_NAME} characters`),
  v.transform((name) => (name === "" ? null : name)),
);

export const uploadQuery = v.object({ name: v.optional(fileName) });

export const fileIdParam = v.pipe(v.string(), v.regex(FILE_ID, "is not a file id"));
