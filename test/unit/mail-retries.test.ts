/** When a mail that failed is tried again (src/mail/consumer.ts). */
import { describe, expect, it } from "vitest";
import { MAIL_MAX_ATTEMPTS, mailRetryDelay } from "../../src/mail/consumer";

describe("retries", () => {
  it("double from 20 seconds until the attempts are spent", () => {
    expect([1, 2, 3].map(mailRetryDelay)).toEqual([20, 40, 80]);
    expect(mailRetryDelay(MAIL_MAX_ATTEMPTS - 1)).toBe(20 * 2 ** (MAIL_MAX_ATTEMPTS - 2));
    expect(mailRetryDelay(MAIL_MAX_ATTEMPTS)).toBeNull();
  });
});
