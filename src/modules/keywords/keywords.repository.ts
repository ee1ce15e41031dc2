import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';

type Db = Kysely<Database>;

export const allKeywords = (db: Db) => db.selectFrom('keywords').select(['id', 'keyword', 'operator_id']).execute();

export const listKeywords = (db: Db, operatorId: number) =>
  db.selectFrom('keywords').selectAll().where('operator_id', '=', operatorId).orderBy('id').execute();

export const insertKeyword = (db: Db, operatorId: number, keyword: string, now: number) =>
  db
    .insertInto('keywords')
    .values({ operator_id: operatorId, keyword, created_at: now })
    .onConflict((oc) => oc.columns(['operator_id', 'keyword']).doNothing())
    .returningAll()
    .executeTakeFirst();

export const findKeyword = (db: Db, operatorId: number, keyword: string) =>
  db.selectFrom('keywords').selectAll().where('operator_id', '=', operatorId).where('keyword', '=', keyword).executeTakeFirst();

export const deleteKeyword = async (db: Db, operatorId: number, id: number) =>
  Number((await db.deleteFrom('keywords').where('id', '=', id).where('operator_id', '=', operatorId).executeTakeFirst()).numDeletedRows);

/** Stores hits in one statement; answers the ones not stored before. */
export const insertHits = (
  db: Db,
  hits: readonly {
    keyword_id: number;
    keyword: string;
    account_id: number;
    contact_id: number;
    message_id: number;
    sender_user_name: string;
    created_at: number;
  }[],
) =>
  db
    .insertInto('keyword_hits')
    .values(hits)
    .onConflict((oc) => oc.columns(['keyword_id', 'message_id']).doNothing())
    .returning(['id', 'keyword_id', 'message_id'])
    .execute();

/** Hits newest first; served by keyword_hits_recent. */
export function listHits(
  db: Db,
  opts: { accountIds: number[] | null; operatorId: number | null; limit: number; beforeId?: number; hitId?: number },
) {
  let q = db
    .selectFrom('keyword_hits as h')
    .innerJoin('accounts as a', 'a.id', 'h.account_id')
    .innerJoin('contacts as r', 'r.id', 'h.contact_id')
    .innerJoin('messages as m', 'm.id', 'h.message_id')
    .innerJoin('keywords as k', 'k.id', 'h.keyword_id')
    .select([
      'h.id',
      'h.keyword',
      'a.uin',
      'r.id as room_contact_id',
      'r.user_name as room_user_name',
      'r.nick_name as room_nick_name',
      'h.sender_user_name',
      'k.operator_id as keyword_owner_id',
      'h.message_id',
      'm.msg_id',
      'm.content',
      'h.created_at',
    ]);
  if (opts.accountIds) q = q.where('h.account_id', 'in', opts.accountIds.length ? opts.accountIds : [-1]);
  if (opts.operatorId !== null) q = q.where('k.operator_id', '=', opts.operatorId);
  if (opts.beforeId) q = q.where('h.id', '<', opts.beforeId);
  if (opts.hitId) q = q.where('h.id', '=', opts.hitId);
  return q.orderBy('h.created_at', 'desc').orderBy('h.id', 'desc').limit(opts.limit).execute();
}
