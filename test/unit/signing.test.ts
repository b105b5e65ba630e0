import { describe, expect, it } from "vitest";
import { generateSecret, isSecret, sign, signatureHeaders } from "../../src/webhooks/signing";

describe("Standard Webhooks signatures", () => {
  // The example of the Standard Webhooks specification, which its libraries test against.
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  const timestamp = 1614265330;
  const body = '{"test": 2432232314}';

  it("signs id.timestamp.body as the specification's example does", async () => {
    expect(await sign(secret, id, timestamp, body)).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("sends one signature per secret, space-separated, during a rotation", async () => {
    const other = generateSecret();
    const headers = await signatureHeaders([secret, other], id, timestamp, body);
    expect(headers).toEqual({
      "webhook-id": id,
      "webhook-timestamp": "1614265330",
      "webhook-signature": `v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= ${await sign(other, id, timestamp, body)}`,
    });
  });

  it("a different body, id or time gives a different signature", async () => {
    const reference = await sign(secret, id, timestamp, body);
    expect(await sign(secret, id, timestamp, body.replace("2", "3"))).not.toBe(reference);
    expect(await sign(secret, `${id}x`, timestamp, body)).not.toBe(reference);
    expect(await sign(secret, id, timestamp + 1, body)).not.toBe(reference);
  });

  it("makes whsec_ secrets of 32 random bytes", () => {
    const [a, b] = [generateSecret(), generateSecret()];
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toBe(b);
    expect(isSecret(a)).toBe(true);
    expect(isSecret(secret)).toBe(true);
    for (const bad of ["MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_short", "whsec_not base64!!", ""]) expect(isSecret(bad)).toBe(false);
  });
});
