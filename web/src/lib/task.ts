/** A dialog's actions against the API, with one error line that says what went wrong. */
import { ApiError } from "./api";

/** The server's message for an API error; for anything else, that the server was out of reach. */
export const apiErrorText = (err: unknown): string => (err instanceof ApiError ? err.message : "Could not reach the server. Try again.");

/**
 * Returns `run(task)`: clears `error`, runs the task, then `after` (to show what changed);
 * if either fails, `error` says so in the words of `describe`.
 */
export function taskRunner(error: HTMLElement, after: () => Promise<void>, describe: (err: unknown) => string = apiErrorText) {
  return async (task: () => Promise<unknown>): Promise<void> => {
    error.textContent = "";
    try {
      await task();
      await after();
    } catch (err) {
      error.textContent = describe(err);
    }
  };
}
