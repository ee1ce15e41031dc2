import SQLite from 'better-sqlite3';
import { SQLITE_PRAGMAS } from '../src/adapters/db/database.js';
import type { BenchMessage } from './dataset.js';
import { HISTORY_SQL, historyParams, recentSql, type RawBaseline, type RecentParams } from './raw-sql.js';

const INSERT_MESSAGE = `insert into messages (account_id, contact_id, msg_id, token_id, from_user_name, to_user_name, sender_user_name,
  msg_type, content, file_name, file_size, url, is_out, send_status, create_time)
values (?, ?, ?, null, ?, ?, ?, 1, ?, null, null, null, ?, 1, ?)
on conflict (account_id, msg_id) do nothing`;

/** The upsert wxdesk needs, written directly: the newest message wins, unread adds up. */
export const UPSERT_CONVERSATION = `insert into conversations (contact_id, account_id, is_room, last_message_id, last_time, unread, deleted_at, starred)
values (?, ?, ?, ?, ?, ?, null, ?)
on conflict (contact_id) do update set
  last_message_id = case when excluded.last_time >= conversations.last_time or conversations.last_message_id is null then excluded.last_message_id else conversations.last_message_id end,
  last_time = case when excluded.last_time >= conversations.last_time or conversations.last_message_id is null then excluded.last_time else conversations.last_time end,
  unread = conversations.unread + excluded.unread,
  deleted_at = null`;

const INSERT_HIT = `insert into keyword_hits (keyword_id, keyword, account_id, contact_id, message_id, sender_user_name, created_at)
values (?, ?, ?, ?, ?, ?, ?) on conflict (keyword_id, message_id) do nothing`;

/** The machine's limit on SQLite: better-sqlite3 prepared statements, 1,000 rows a transaction. */
export class RawSqlite implements RawBaseline {
  private readonly db: SQLite.Database;
  private readonly cache = new Map<string, SQLite.Statement>();

  constructor(
    file: string,
    private readonly keywords: readonly string[],
  ) {
    this.db = new SQLite(file);
    // The settings wxdesk's store uses (durability, page cache), so neither side gets more.
    for (const p of SQLITE_PRAGMAS) this.db.pragma(p);
  }

  private stmt(sql: string): SQLite.Statement {
    let s = this.cache.get(sql);
    if (!s) this.cache.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  async ingest(batch: readonly BenchMessage[]): Promise<void> {
    const insert = this.stmt(INSERT_MESSAGE);
    const upsert = this.stmt(UPSERT_CONVERSATION);
    const hit = this.stmt(INSERT_HIT);
    const write = this.db.transaction((rows: readonly BenchMessage[]) => {
      const now = Date.now();
      for (const m of rows) {
        const r = insert.run(m.accountId, m.contactId, m.msgId, m.from, m.to, m.sender, m.content, m.isOut, m.time);
        if (r.changes === 0) continue;
        const id = Number(r.lastInsertRowid);
        upsert.run(m.contactId, m.accountId, m.isRoom, id, m.time, m.isOut ? 0 : 1, m.starred);
        if (m.keywordId) hit.run(m.keywordId, this.keywords[m.keywordId - 1], m.accountId, m.contactId, id, m.sender, now);
      }
    });
    for (let i = 0; i < batch.length; i += 1000) write(batch.slice(i, i + 1000));
  }

  async recent(p: RecentParams): Promise<unknown[]> {
    const q = recentSql(p);
    return this.stmt(q.sql).all(...q.params);
  }

  async history(contactId: number, beforeId: number, limit: number): Promise<unknown[]> {
    return this.stmt(HISTORY_SQL).all(...historyParams(contactId, beforeId, limit));
  }

  /** For the report: how SQLite plans the raw queries. */
  plan(sql: string, params: unknown[]): string {
    return (this.db.prepare(`explain query plan ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('; ');
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
