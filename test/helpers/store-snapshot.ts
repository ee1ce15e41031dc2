import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';

/** What a refused request must leave as it was (sessions and operators' cursors move on their own). */
export const DATA_TABLES: (keyof Database)[] = [
  'operator_accounts',
  'accounts',
  'contacts',
  'room_members',
  'messages',
  'conversations',
  'keywords',
  'keyword_hits',
  'friend_requests',
  'jobs',
];

/** Every data table's rows, order-independent (each table's rows as sorted JSON lines), as one string. */
export async function storeSnapshot(db: Kysely<Database>): Promise<string> {
  const tables = await Promise.all(DATA_TABLES.map((t) => db.selectFrom(t).selectAll().execute()));
  return JSON.stringify(tables.map((rows) => rows.map((r) => JSON.stringify(r)).sort()));
}
