import type { Kysely } from 'kysely';
import type { Database, MessageRow, NewMessage } from '../../adapters/db/schema.js';

type Db = Kysely<Database>;

/** Inserts once per (account, msgId); answers undefined when the message was already stored. */
export const insertMessageOnce = (db: Db, row: NewMessage) =>
  db
    .insertInto('messages')
    .values(row)
    .onConflict((oc) => oc.columns(['account_id', 'msg_id']).doNothing())
    .returningAll()
    .executeTakeFirst();

export const findByToken = (db: Db, accountId: number, tokenId: string) =>
  db.selectFrom('messages').selectAll().where('account_id', '=', accountId).where('token_id', '=', tokenId).executeTakeFirst();

export const findMessageById = (db: Db, id: number) => db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();

export const updateMessage = (db: Db, id: number, set: Partial<Pick<MessageRow, 'msg_id' | 'send_status' | 'fail_reason' | 'create_time'>>) =>
  db.updateTable('messages').set(set).where('id', '=', id).returningAll().executeTakeFirst();

/** One page of history before a cursor, newest first; served by messages_by_conversation. */
export function historyBefore(db: Db, contactId: number, before: { time: number; id: number } | null, limit: number) {
  let q = db.selectFrom('messages').selectAll().where('contact_id', '=', contactId);
  if (before)
    q = q.where((eb) =>
      eb.or([eb('create_time', '<', before.time), eb.and([eb('create_time', '=', before.time), eb('id', '<', before.id)])]),
    );
  return q.orderBy('create_time', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export const deleteConversationMessages = async (db: Db, contactId: number) =>
  Number((await db.deleteFrom('messages').where('contact_id', '=', contactId).executeTakeFirst()).numDeletedRows);
