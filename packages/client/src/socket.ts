/** Where a room's socket goes, and a WebSocket class that sends headers where the platform allows them. */

/** A WebSocket class that takes headers, as the `ws` package's does (Node). */
export type HeaderWebSocket = new (url: string, protocols: string | string[] | undefined, options: { headers: Record<string, string> }) => unknown;

/** The provider's server URL: `<origin>/rooms` with ws(s), from the client's base URL or the page's own origin. */
export function socketBase(baseUrl: string): string {
  if (baseUrl !== "") return `${baseUrl.replace(/^http/, "ws")}/rooms`;
  const { protocol, host } = (globalThis as unknown as { location: { protocol: string; host: string } }).location;
  return `${protocol === "https:" ? "wss" : "ws"}://${host}/rooms`;
}

/**
 * The provider's WebSocket class: `Base`, opened with the headers `headers()` gives at each
 * attempt (a refreshed session's new cookie included).
 */
export function withHeaders(Base: HeaderWebSocket, headers: () => Record<string, string>): typeof WebSocket {
  const Wrapped = class extends (Base as new (...args: ConstructorParameters<HeaderWebSocket>) => object) {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: headers() });
    }
  };
  return Wrapped as unknown as typeof WebSocket;
}
