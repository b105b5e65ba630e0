/** Inputs of `/api/rooms/:id/versions` and `/content`: naming a version, the format of a document. */
import * as v from "valibot";
import { MAX_TITLE, requiredText } from "./fields";

export const newVersionBody = v.object({ label: requiredText(MAX_TITLE) });

/** `?format=`: a Yjs update (the default) or its root types as JSON. */
export const formatQuery = v.object({ format: v.optional(v.picklist(["yjs", "json"], "must be yjs or json"), "yjs") });
export type Format = v.InferOutput<typeof formatQuery>["format"];
