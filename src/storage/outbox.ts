/** D1 queries for the development outbox: where mail goes when no provider sends it (src/mail/providers.ts). */

export interface OutboxMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  links: string[];
  /** Extra headers, as a mail client sees them (e.g. List-Unsubscribe); `{}` when none. */
  headers: Record<string, string>;
  sentAt: number;
}

export async function insertOutboxMail(db: D1Database, mail: OutboxMail): Promise<void> {
  await db
    .prepare("INSERT INTO outbox (recipient, subject, text, html, links, headers, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
    .bind(mail.to, mail.subject, mail.text, mail.html, JSON.stringify(mail.links), JSON.stringify(mail.headers), mail.sentAt)
    .run();
}

/** The newest `limit` mails to `to`, newest first. */
export async function listOutbox(db: D1Database, to: string, limit: number): Promise<OutboxMail[]> {
  const { results } = await db
    .prepare("SELECT recipient, subject, text, html, links, headers, sent_at FROM outbox WHERE recipient = ? ORDER BY id DESC LIMIT ?")
    .bind(to, limit)
    .all<{ recipient: string; subject: string; text: string; html: string; links: string; headers: string; sent_at: number }>();
  return results.map((r) => ({
    to: r.recipient,
    subject: r.subject,
    text: r.text,
    html: r.html,
    links: JSON.parse(r.links) as string[],
    headers: JSON.parse(r.headers) as Record<string, string>,
    sentAt: r.sent_at,
  }));
}
