import pg from 'pg';
import type { BenchMessage } from './dataset.js';
import { HISTORY_SQL, foldConversations, historyParams, numbered, recentSql, type RawBaseline, type RecentParams } from './raw-sql.js';

const MESSAGE_COLUMNS = 9;

/** The machine's limit on PostgreSQL: one connection, multi-row statements of 1,000 rows, one transaction each. */
export class RawPg implements RawBaseline {
  private constructor(
    private readonly client: pg.Client,
    private readonly keywords: readonly string[],
  ) {}

  static async open(url: string, schema: string, keywords: readonly string[]): Promise<RawPg> {
    const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    await client.connect();
    return new RawPg(client, keywords);
  }

  async ingest(batch: readonly BenchMessage[]): Promise<void> {
    for (let i = 0; i < batch.length; i += 1000) await this.write(batch.slice(i, i + 1000));
  }

  private async write(rows: readonly BenchMessage[]) {
    const c = this.client;
    await c.query('begin');
    try {
      const params: unknown[] = [];
      const values = rows.map((m, r) => {
        params.push(m.accountId, m.contactId, m.msgId, m.from, m.to, m.sender, m.content, m.isOut, m.time);
        const b = r * MESSAGE_COLUMNS;
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, 1, $${b + 7}, $${b + 8}, 1, $${b + 9})`;
      });
      const inserted = await c.query<{ id: number; account_id: number; msg_id: string }>(
        `insert into messages (account_id, contact_id, msg_id, from_user_name, to_user_name, sender_user_name, msg_type, content, is_out, send_status, create_time)
         values ${values.join(', ')} on conflict (account_id, msg_id) do nothing returning id, account_id, msg_id`,
        params,
      );
      const ids = new Map(inserted.rows.map((r) => [`${r.account_id}:${r.msg_id}`, Number(r.id)]));
      const stored = rows.flatMap((m) => {
        const id = ids.get(`${m.accountId}:${m.msgId}`);
        return id === undefined ? [] : [{ m, id }];
      });
      // One row per conversation in a statement: PostgreSQL cannot upsert a row twice in one.
      const convs = foldConversations(
        stored.map(({ m, id }) => ({
          contactId: m.contactId,
          accountId: m.accountId,
          isRoom: m.isRoom,
          time: m.time,
          id,
          unread: m.isOut ? 0 : 1,
          starred: m.starred,
        })),
      );
      if (convs.length) {
        const p: unknown[] = [];
        const v = convs.map((x, r) => {
          p.push(x.contactId, x.accountId, x.isRoom, x.id, x.time, x.unread, x.starred);
          const b = r * 7;
          return `($${b + 1}::int, $${b + 2}::int, $${b + 3}::int, $${b + 4}::bigint, $${b + 5}::bigint, $${b + 6}::int, null::bigint, $${b + 7}::int)`;
        });
        await c.query(
          `insert into conversations (contact_id, account_id, is_room, last_message_id, last_time, unread, deleted_at, starred) values ${v.join(', ')}
           on conflict (contact_id) do update set
             last_message_id = case when excluded.last_time >= conversations.last_time or conversations.last_message_id is null then excluded.last_message_id else conversations.last_message_id end,
             last_time = case when excluded.last_time >= conversations.last_time or conversations.last_message_id is null then excluded.last_time else conversations.last_time end,
             unread = conversations.unread + excluded.unread, deleted_at = null`,
          p,
        );
      }
      const hits = stored.filter(({ m }) => m.keywordId);
      if (hits.length) {
        const now = Date.now();
        const p: unknown[] = [];
        const v = hits.map(({ m, id }, r) => {
          p.push(m.keywordId, this.keywords[m.keywordId - 1], m.accountId, m.contactId, id, m.sender, now);
          const b = r * 7;
          return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7})`;
        });
        await c.query(
          `insert into keyword_hits (keyword_id, keyword, account_id, contact_id, message_id, sender_user_name, created_at) values ${v.join(', ')} on conflict do nothing`,
          p,
        );
      }
      await c.query('commit');
    } catch (error) {
      await c.query('rollback');
      throw error;
    }
  }

  async recent(p: RecentParams): Promise<unknown[]> {
    const q = recentSql(p);
    return (await this.client.query({ name: `recent-${p.isRoom}-${p.scope.kind}`, text: numbered(q.sql), values: q.params })).rows;
  }

  async history(contactId: number, beforeId: number, limit: number): Promise<unknown[]> {
    return (await this.client.query({ name: 'history', text: numbered(HISTORY_SQL), values: historyParams(contactId, beforeId, limit) }))
      .rows;
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
