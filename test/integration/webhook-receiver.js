// A webhook receiver for the workerd tests: an auxiliary Worker that every outbound fetch of
// the Worker under test reaches (vitest.config.mts `outboundService`), since workerd tests
// cannot host an HTTP server. It records each request per path and answers 500 to the first
// `?fail=N` of them; `?redirect` answers 307 to /moved/<path>, `?crash` throws. `GET /__log/<path>` (through the RECEIVER binding) returns the records.
// Requests to issuer.test go on to the test identity provider (oidc-issuer.js).
const received = new Map();

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.hostname === "issuer.test") return env.ISSUER.fetch(request);
    if (url.pathname.startsWith("/__log/")) {
      return Response.json(received.get(url.pathname.slice("/__log".length)) ?? []);
    }
    const records = received.get(url.pathname) ?? [];
    received.set(url.pathname, records);
    const status = url.searchParams.has("redirect") ? 307 : records.length < Number(url.searchParams.get("fail") ?? 0) ? 500 : 204;
    records.push({ method: request.method, url: request.url, headers: Object.fromEntries(request.headers), body: await request.text(), status });
    // `?crash`: no answer at all, with an error text a network probe would love to read.
    if (url.searchParams.has("crash")) throw new Error("connect ECONNREFUSED 10.0.0.5:22");
    if (status === 307) return new Response(null, { status, headers: { Location: `https://receiver.test/moved${url.pathname}` } });
    return new Response(status === 500 ? "receiver failing on purpose" : null, { status });
  },
};
