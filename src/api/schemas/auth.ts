/** Bodies of `/api/auth/*`: signing up and signing in. */
import * as v from "valibot";
import { accountEmail, password, requiredText } from "./fields";

const MIN_PASSWORD = 10;

export const signupBody = v.object({
  email: accountEmail,
  name: requiredText(100),
  password: v.pipe(password, v.minLength(MIN_PASSWORD, `must be at least ${MIN_PASSWORD} characters`)),
});

export const loginBody = v.object({ email: accountEmail, password });
