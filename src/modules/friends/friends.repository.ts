import type { Kysely } from 'kysely';
import { FriendRequestStatus } from '../../core/message-types.js';
import type { Database, FriendRequestRow } from '../../store/schema.js';

type Db = Kysely<Database>;

export const insertRequest = (
  db: Db,
  row: { account_id: number; user_name: string; room_user_name: string | null; verify: string; status: number; now: number },
): Promise<FriendRequestRow> =>
  db
    .insertInto('friend_requests')
    .values({
      account_id: row.account_id,
      user_name: row.user_name,
      room_user_name: row.room_user_name,
      verify: row.verify,
      status: row.status,
      created_at: row.now,
      updated_at: row.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();

/** The account's requests, newest first. */
export const listRequests = (db: Db, accountId: number, limit: number) =>
  db.selectFrom('friend_requests').selectAll().where('account_id', '=', accountId).orderBy('id', 'desc').limit(limit).execute();

export const findRequest = (db: Db, id: number) => db.selectFrom('friend_requests').selectAll().where('id', '=', id).executeTakeFirst();

/** The newest request the account sent to this person that has no answer yet. */
export const findOpenRequest = (db: Db, accountId: number, userName: string) =>
  db
    .selectFrom('friend_requests')
    .select('id')
    .where('account_id', '=', accountId)
    .where('user_name', '=', userName)
    .where('status', '=', FriendRequestStatus.sent)
    .orderBy('id', 'desc')
    .executeTakeFirst();

export const setRequestStatus = (db: Db, id: number, status: number, now: number) =>
  db.updateTable('friend_requests').set({ status, updated_at: now }).where('id', '=', id).execute();

/** Every unanswered request of the account to this person failed (the gateway refused to send it). */
export const failOpenRequests = (db: Db, accountId: number, userName: string, now: number) =>
  db
    .updateTable('friend_requests')
    .set({ status: FriendRequestStatus.failed, updated_at: now })
    .where('account_id', '=', accountId)
    .where('user_name', '=', userName)
    .where('status', '=', FriendRequestStatus.sent)
    .execute();
