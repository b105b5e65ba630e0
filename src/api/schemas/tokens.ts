/** Inputs of `/api/tokens`. The limits are the domain's (src/domain/api-tokens.ts). */
import * as v from "valibot";
import { MAX_TOKEN_NAME, TOKEN_DAYS } from "../../domain/api-tokens";
import { memberRole, requestedRoomId, requiredText } from "./fields";

const daysMessage = `must be an integer from ${TOKEN_DAYS.min} to ${TOKEN_DAYS.max}`;

export const newTokenBody = v.object({
  name: requiredText(MAX_TOKEN_NAME),
  role: memberRole,
  roomId: v.optional(requestedRoomId),
  expiresInDays: v.optional(
    v.pipe(v.number(daysMessage), v.integer(daysMessage), v.minValue(TOKEN_DAYS.min, daysMessage), v.maxValue(TOKEN_DAYS.max, daysMessage)),
    TOKEN_DAYS.default,
  ),
});
