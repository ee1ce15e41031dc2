import { sql, type Kysely, type SqlBool } from 'kysely';
import { isSqlite, runPerRow } from '../../store/dialect.js';
import type { Database, MessageRow, NewMessage } from '../../store/schema.js';
import { assignedTo } from '../accounts/accounts.tx.js';

type Db = Kysely<Database>;

/** Inserts once per (account, msgId); answers undefined when the message was already stored. */
export const insertMessageOnce = (db: Db, row: NewMessage) =>
  db
    .insertInto('messages')
    .values(row)
    .onConflict((oc) => oc.columns(['account_id', 'msg_id']).doNothing())
    .returningAll()
    .executeTakeFirst();

/** Rows per multi-row insert: well under both databases' limits on bound parameters. */
const INSERT_CHUNK = 1000;

const MESSAGE_COLUMNS = [
  'account_id',
  'contact_id',
  'msg_id',
  'token_id',
  'from_user_name',
  'to_user_name',
  'sender_user_name',
  'msg_type',
  'content',
  'file_name',
  'file_size',
  'url',
  'is_out',
  'send_status',
  'create_time',
] as const satisfies readonly (keyof NewMessage)[];
/** What a row may leave out: the columns' defaults. */
const NO_VALUES = { msg_id: null, token_id: null, file_name: null, file_size: null, url: null, is_out: 0, send_status: 1 };

const insertOnce = (db: Db, rows: readonly NewMessage[]) =>
  db
    .insertInto('messages')
    .values(rows)
    .onConflict((oc) => oc.columns(['account_id', 'msg_id']).doNothing());

/**
 * Inserts each (account, msgId) once; answers the rows actually inserted, in no promised order.
 * SQLite: one compiled single-row statement run per message, which SQLite executes faster than
 * a multi-row insert, and without RETURNING (a quarter slower there). PostgreSQL: multi-row
 * statements, one round trip per thousand messages.
 */
export async function insertMessagesOnce(db: Db, rows: readonly NewMessage[]) {
  const out: { id: number; account_id: number; msg_id: string | null }[] = [];
  if (rows.length === 0) return out;
  if (isSqlite(db)) {
    const results = runPerRow(db, MESSAGE_COLUMNS, (t) => insertOnce(db, [t]), NO_VALUES)(rows);
    results.forEach((r, i) => {
      if (r.changes) out.push({ id: Number(r.lastInsertRowid), account_id: rows[i]!.account_id, msg_id: rows[i]!.msg_id ?? null });
    });
    return out;
  }
  for (let i = 0; i < rows.length; i += INSERT_CHUNK)
    out.push(
      ...(await insertOnce(db, rows.slice(i, i + INSERT_CHUNK))
        .returning(['id', 'account_id', 'msg_id'])
        .execute()),
    );
  return out;
}

/**
 * Whether a message that carries this media URL is on an account the operator may see (null:
 * any account, administrators). Served by messages_media (url, account_id): an index-only
 * look at the few messages with that file, however many messages there are.
 */
export async function mediaVisibleTo(db: Db, url: string, operatorId: number | null): Promise<boolean> {
  let q = db.selectFrom('messages').select('account_id').where('url', '=', url);
  if (operatorId !== null) q = q.where(sql<SqlBool>`account_id in ${assignedTo(operatorId)}`);
  return !!(await q.limit(1).executeTakeFirst());
}

export const findByToken = (db: Db, accountId: number, tokenId: string) =>
  db.selectFrom('messages').selectAll().where('account_id', '=', accountId).where('token_id', '=', tokenId).executeTakeFirst();

export const findMessageById = (db: Db, id: number) => db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();

export const updateMessage = (
  db: Db,
  id: number,
  set: Partial<Pick<MessageRow, 'msg_id' | 'send_status' | 'fail_reason' | 'create_time'>>,
) => db.updateTable('messages').set(set).where('id', '=', id).returningAll().executeTakeFirst();

/**
 * One page of history before a cursor message, newest first; served by messages_by_conversation.
 * The cursor is read in the same statement, and only from this conversation (another
 * conversation's message reads as no cursor, so the page is empty). With an operator, only
 * messages of the accounts assigned to it: the scope is part of the statement.
 */
export function historyBefore(db: Db, contactId: number, beforeId: number | null, limit: number, operatorId: number | null = null) {
  let q = db.selectFrom('messages').selectAll().where('contact_id', '=', contactId);
  // A row value: the index range starts right at the cursor (an OR of the two columns would not).
  if (beforeId !== null)
    q = q.where(
      sql<SqlBool>`(create_time, id) < (select create_time, id from messages where id = ${beforeId} and contact_id = ${contactId})`,
    );
  if (operatorId !== null) q = q.where(sql<SqlBool>`account_id in ${assignedTo(operatorId)}`);
  return q.orderBy('create_time', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export const deleteConversationMessages = async (db: Db, contactId: number) =>
  Number((await db.deleteFrom('messages').where('contact_id', '=', contactId).executeTakeFirst()).numDeletedRows);

/** The conversation a message belongs to. */
export const contactOfMessage = async (db: Db, id: number) =>
  (await db.selectFrom('messages').select('contact_id').where('id', '=', id).executeTakeFirst())?.contact_id;

export const findMessagesById = (db: Db, ids: readonly number[]) => db.selectFrom('messages').selectAll().where('id', 'in', ids).execute();
