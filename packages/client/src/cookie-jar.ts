/**
 * The session cookies for a program outside a browser (Node, Deno, Bun), where `fetch` keeps
 * none: what `Set-Cookie` answers set, sent back on requests and socket upgrades whose path
 * the cookie's `Path` covers (the refresh cookie goes only to `/api/auth`). Pure.
 */
interface StoredCookie {
  value: string;
  path: string;
}

export class CookieJar {
  readonly #cookies = new Map<string, StoredCookie>();

  /** Takes the cookies of one answer's `Set-Cookie` headers; an empty value or `Max-Age=0` deletes. */
  store(setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const attribute = (key: string) =>
        attributes
          .find((a) => a.toLowerCase().startsWith(`${key}=`))
          ?.slice(key.length + 1)
          .trim();
      const expires = attribute("expires");
      const gone = value === "" || attribute("max-age") === "0" || (expires !== undefined && Date.parse(expires) <= Date.now());
      if (gone) this.#cookies.delete(name);
      else this.#cookies.set(name, { value, path: attribute("path") ?? "/" });
    }
  }

  /** The `Cookie` header for a request to `path`, or null when no cookie applies. */
  header(path: string): string | null {
    const matching = [...this.#cookies].filter(([, c]) => path === c.path || path.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`));
    return matching.length === 0 ? null : matching.map(([name, c]) => `${name}=${c.value}`).join("; ");
  }

  clear(): void {
    this.#cookies.clear();
  }
}
