/** Which webhook targets are public (src/webhooks/target.ts), the URL rule built on it, and its development allowance. */
import { describe, expect, it } from "vitest";
import { clientNetwork, parseIPv4, parseIPv6 } from "../../src/net/ip";
import { NOT_PUBLIC, privateTargetsAllowed, urlProblem } from "../../src/webhooks/config";
import { isPublicHost } from "../../src/webhooks/target";

const hostOf = (url: string) => new URL(url).hostname;

describe("isPublicHost", () => {
  it("accepts public names and addresses", () => {
    for (const url of [
      "https://hooks.example.com/",
      "https://8.8.8.8/",
      "https://1.1.1.1/",
      "https://[2606:4700:4700::1111]/",
      "https://receiver.test/",
      "https://172.32.0.1/",
      "https://100.128.0.1/",
    ]) {
      expect(isPublicHost(hostOf(url)), url).toBe(true);
    }
  });

  it("refuses loopback, private, link-local, shared and reserved IPv4, however it is written", () => {
    const urls = [
      "http://127.0.0.1/",
      "http://127.255.0.9/",
      "http://2130706433/",
      "http://0x7f000001/",
      "http://0x7f.1/",
      "http://0177.0.0.1/",
      "http://127.1/",
      "http://0.0.0.0/",
      "http://10.0.0.1/",
      "http://172.16.0.1/",
      "http://172.31.255.255/",
      "http://192.168.0.1/",
      "http://169.254.169.254/",
      "http://100.64.0.1/",
      "http://100.127.255.254/",
      "http://192.0.2.1/",
      "http://198.18.0.1/",
      "http://224.0.0.1/",
      "http://255.255.255.255/",
    ];
    for (const url of urls) expect(isPublicHost(hostOf(url)), url).toBe(false);
  });

  it("refuses loopback, unique-local, link-local, mapped and embedded IPv6", () => {
    const urls = [
      "http://[::1]/",
      "http://[::]/",
      "http://[fc00::1]/",
      "http://[fdff:ffff::1]/",
      "http://[fe80::1]/",
      "http://[febf::1]/",
      "http://[::ffff:127.0.0.1]/",
      "http://[::ffff:8.8.8.8]/",
      "http://[::ffff:7f00:1]/",
      "http://[64:ff9b::a00:1]/",
      "http://[2002:a00:1::1]/",
      "http://[2001:db8::1]/",
      "http://[2001::1]/",
      "http://[ff02::1]/",
    ];
    for (const url of urls) expect(isPublicHost(hostOf(url)), url).toBe(false);
  });

  it("refuses names of this machine and of private zones, and bare labels", () => {
    const urls = [
      "http://localhost/",
      "http://LOCALHOST./",
      "http://api.localhost/",
      "http://metadata.google.internal/",
      "http://printer.local/",
      "http://router.home.arpa/",
      "http://intranet/",
      "http://nas.lan/",
    ];
    for (const url of urls) expect(isPublicHost(hostOf(url)), url).toBe(false);
  });
});

describe("urlProblem", () => {
  it("names the field for private targets, unless the development allowance is on", () => {
    for (const url of ["https://10.0.0.1/hook", "https://[::1]/", "https://localhost/", "http://2130706433/"]) {
      expect(urlProblem(url, false), url).toBe(NOT_PUBLIC);
    }
    expect(NOT_PUBLIC).toBe("url must be a public https address");
    expect(urlProblem("https://10.0.0.1/hook", true)).toBeNull();
    expect(urlProblem("http://127.0.0.1:8787/hook", true)).toBeNull();
    // Plain http is for this machine only, even with the allowance.
    expect(urlProblem("http://10.0.0.1/hook", true)).toBe("url must use https");
  });
});

describe("WEBHOOK_ALLOW_PRIVATE_TARGETS", () => {
  it("is off unless set to 1, and refused in production like a development secret", () => {
    expect(privateTargetsAllowed({ ENVIRONMENT: "development" })).toBe(false);
    expect(privateTargetsAllowed({ ENVIRONMENT: "development", WEBHOOK_ALLOW_PRIVATE_TARGETS: "0" })).toBe(false);
    expect(privateTargetsAllowed({ ENVIRONMENT: "development", WEBHOOK_ALLOW_PRIVATE_TARGETS: "1" })).toBe(true);
    for (const ENVIRONMENT of ["production", undefined]) {
      expect(() => privateTargetsAllowed({ ENVIRONMENT, WEBHOOK_ALLOW_PRIVATE_TARGETS: "1" })).toThrow(expect.objectContaining({ code: "misconfigured" }));
    }
    expect(() => privateTargetsAllowed({ ENVIRONMENT: "development", WEBHOOK_ALLOW_PRIVATE_TARGETS: "yes" })).toThrow(/must be 1 or unset/);
  });
});

describe("IP address text", () => {
  it("parses dotted quads strictly", () => {
    expect(parseIPv4("192.0.2.1")).toEqual([192, 0, 2, 1]);
    for (const bad of ["192.0.2", "192.0.2.256", "01.2.3.4", "1.2.3.4.5", "a.b.c.d", ""]) expect(parseIPv4(bad), bad).toBeNull();
  });

  it("expands IPv6 with :: and a dotted tail", () => {
    expect(parseIPv6("::1")).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(parseIPv6("2001:db8::5")).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 5]);
    expect(parseIPv6("::ffff:127.0.0.1")).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    expect(parseIPv6("1:2:3:4:5:6:7:8")).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const bad of ["1:2:3", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4::5:6:7:8", "12345::", "g::1", ""]) expect(parseIPv6(bad), bad).toBeNull();
  });

  it("keys a client by its IPv4 address or its IPv6 /64", () => {
    expect(clientNetwork("203.0.113.9")).toBe("203.0.113.9");
    expect(clientNetwork("2001:db8:aa:bb::1")).toBe("2001:db8:aa:bb::/64");
    expect(clientNetwork("2001:0db8:00aa:00bb:1:2:3:4")).toBe("2001:db8:aa:bb::/64");
    expect(clientNetwork("unknown")).toBe("unknown");
  });
});
