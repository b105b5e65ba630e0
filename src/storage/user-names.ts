/** D1: the display names of users, for pages that name the authors of edits. */

/** D1 binds at most 100 parameters per query. */
const MAX_IDS_PER_QUERY = 100;

/** The names of those of `ids` who are users of ours (API-token and external subjects are not). */
export async function userNames(db: D1Database, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const names = new Map<string, string>();
  for (let start = 0; start < unique.length; start += MAX_IDS_PER_QUERY) {
    const chunk = unique.slice(start, start + MAX_IDS_PER_QUERY);
    const { results } = await db
      .prepare(`SELECT id, name FROM users WHERE id IN (${chunk.map(() => "?").join(", ")})`)
      .bind(...chunk)
      .all<{ id: string; name: string }>();
    for (const row of results) names.set(row.id, row.name);
  }
  return names;
}
