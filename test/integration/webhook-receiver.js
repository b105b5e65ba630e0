// A webhook receiver for the workerd tests: an auxiliary Worker that every outbound fetch of
// the Worker under test reaches (vitest.config.mts `outboundService`), since workerd tests
// cannot host an HTTP server. It records each request per path and answers 500 to the first
// `?fail=N` of them. `GET /__log/<path>` (through the RECEIVER binding) returns the records.
const received = new Map();

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/__log/")) {
      return Response.json(received.get(url.pathname.slice("/__log".length)) ?? []);
    }
    const records = received.get(url.pathname) ?? [];
    received.set(url.pathname, records);
    const status = records.length < Number(url.searchParams.get("fail") ?? 0) ? 500 : 204;
    records.push({ method: request.method, url: request.url, headers: Object.fromEntries(request.headers), body: await request.text(), status });
    return new Response(status === 500 ? "receiver failing on purpose" : null, { status });
  },
};
