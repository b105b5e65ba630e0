/**
 * Each mail's subject, plain text and HTML (pure). Links carry their token in the fragment
 * (`#token=`): browsers never send a fragment to a server, so the token stays out of request
 * logs and Referer headers; the page reads it and posts it.
 */
import type { DigestEntry, MailMessage } from "./messages";

export interface RenderedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Every link in the mail (the outbox lists them, so tests and people can follow them). */
  links: string[];
  /** Extra mail headers (the digest's one-click unsubscribe, RFC 8058). */
  headers?: Record<string, string>;
}

const HOURS = { verify: 24, email: 24, reset: 1 } as const;

/** The mail `message` becomes, with links to `site` (an origin such as https://rooms.example). */
export function renderMail(message: MailMessage, site: string): RenderedMail {
  switch (message.kind) {
    case "verify": {
      const link = `${site}/verify#token=${message.token}`;
      return compose(message.to, "Confirm your email address", link, [
        `Hello ${message.name},`,
        "Confirm that this is your email address, so people can share rooms with you by email:",
        `The link works once, within ${HOURS.verify} hours. If you did not create an account, ignore this mail.`,
      ]);
    }
    case "email": {
      const link = `${site}/verify#token=${message.token}`;
      return compose(message.to, "Confirm your new email address", link, [
        `Hello ${message.name},`,
        "Your account asked to use this address from now on. Confirm it here, and you sign in with it:",
        `The link works once, within ${HOURS.email} hours. If you did not ask, ignore this mail: nothing changes.`,
      ]);
    }
    case "reset": {
      const link = `${site}/reset#token=${message.token}`;
      return compose(message.to, "Reset your password", link, [
        `Hello ${message.name},`,
        "Someone (we hope you) asked to reset the password of your account. Choose a new one here:",
        `The link works once, within ${HOURS.reset} hour. Resetting signs you out everywhere. If you did not ask, ignore this mail: your password stays as it is.`,
      ]);
    }
    case "account_exists": {
      const link = `${site}/forgot`;
      return compose(message.to, "Someone tried to create an account with your address", link, [
        `Hello ${message.name},`,
        "Someone (perhaps you) tried to create a new account with this email address, which already has one. If it was you, sign in with your account; if you forgot its password, choose a new one here:",
        "If it was not you, ignore this mail: nothing changed, and nobody got into your account.",
      ]);
    }
    case "invitation": {
      const link = `${site}/invitation#token=${message.token}`;
      return compose(message.to, `${message.inviter} shared "${message.roomTitle}" with you`, link, [
        "Hello,",
        `${message.inviter} invited you to "${message.roomTitle}" as ${message.role === "editor" ? "an editor" : `a ${message.role}`}. Open the invitation to join:`,
        "Sign in, or create an account, with this email address, and confirm it: the invitation is for this address only.",
      ]);
    }
    case "digest":
      return renderDigest(message, site);
  }
}

/**
 * What happened while the person was away: one line per mention, reply or room shared with
 * them, with a link to its room, a link to the settings, and the one-click unsubscribe headers
 * (RFC 8058), whose URL carries a signature of the account id instead of a session.
 */
function renderDigest(message: Extract<MailMessage, { kind: "digest" }>, site: string): RenderedMail {
  const roomLink = (e: DigestEntry) => `${site}/rooms/${encodeURIComponent(e.roomId)}`;
  const settings = `${site}/account`;
  const unsubscribe = `${site}/api/mail/unsubscribe?${message.unsubscribe}`;
  const text =
    `Hello ${message.name},\n\nWhile you were away:\n\n` +
    message.entries.map((e) => `- ${digestLine(e)}\n  ${roomLink(e)}`).join("\n") +
    `\n\n${WHY_DIGEST} Turn it off: ${settings}\n`;
  const html =
    `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">` +
    `<p>${escapeHtml(`Hello ${message.name},`)}</p><p>While you were away:</p><ul>` +
    message.entries.map((e) => `<li>${escapeHtml(digestLine(e))} <a href="${escapeHtml(roomLink(e))}">Open</a></li>`).join("") +
    `</ul><p style="color:#666">${escapeHtml(WHY_DIGEST)} <a href="${escapeHtml(settings)}">Turn it off</a>.</p></body></html>`;
  return {
    to: message.to,
    subject: digestSubject(message.entries),
    text,
    html,
    links: [...new Set(message.entries.map(roomLink)), settings],
    headers: { "List-Unsubscribe": `<${unsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  };
}

const WHY_DIGEST = "You get this mail when people mention you, reply to you or share a room with you and you have not seen it in the app.";

function digestLine(e: DigestEntry): string {
  if (e.kind === "added") return `${e.actor} shared "${e.roomTitle}" with you`;
  return `${e.actor} ${e.kind === "mention" ? "mentioned you" : "replied"} in "${e.roomTitle}": ${e.excerpt}`;
}

/** "2 new comments for you in edge-rooms", "1 new room for you …", "1 new comment and 2 new rooms for you …". */
function digestSubject(entries: readonly DigestEntry[]): string {
  const rooms = entries.filter((e) => e.kind === "added").length;
  const comments = entries.length - rooms;
  const counted = (n: number, what: string) => (n === 0 ? [] : [`${n} new ${what}${n === 1 ? "" : "s"}`]);
  return `${[...counted(comments, "comment"), ...counted(rooms, "room")].join(" and ")} for you in edge-rooms`;
}

/** A greeting, a lead-in, the link on its own, then the small print. */
function compose(to: string, subject: string, link: string, [greeting, lead, small]: [string, string, string]): RenderedMail {
  const text = `${greeting}\n\n${lead}\n\n${link}\n\n${small}\n`;
  const html =
    `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">` +
    `<p>${escapeHtml(greeting)}</p><p>${escapeHtml(lead)}</p>` +
    `<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>` +
    `<p style="color:#666">${escapeHtml(small)}</p></body></html>`;
  // Titles and names may hold line breaks; a subject is one line.
  return { to, subject: subject.replace(/\s+/g, " "), text, html, links: [link] };
}

/** Names and titles are people's input: never markup in the HTML part. */
export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}
