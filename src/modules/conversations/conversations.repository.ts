import { sql, type Kysely } from 'kysely';
import { anyContains } from '../../adapters/db/like.js';
import type { Database } from '../../adapters/db/schema.js';

type Db = Kysely<Database>;

export interface RecentQuery {
  accountIds: number[] | null;
  isRoom: boolean | null;
  /** One conversation, for events. */
  contactId?: number;
  /** Lowercased; matched against nickname, remark, full pinyin and initials. */
  search?: string;
  limit: number;
  offset: number;
}

/**
 * Recent conversations, newest first (rooms: starred first). Served by the
 * conversations_recent index (account_id, is_room, last_time).
 */
export function recentConversations(db: Db, q: RecentQuery) {
  let query = db
    .selectFrom('conversations as c')
    .innerJoin('contacts as ct', 'ct.id', 'c.contact_id')
    .innerJoin('messages as m', 'm.id', 'c.last_message_id')
    .innerJoin('accounts as a', 'a.id', 'c.account_id')
    .where('c.deleted_at', 'is', null)
    .where('ct.is_delete', '=', 0)
    .select([
      'c.unread',
      'c.last_time',
      'ct.id as contact_id',
      'ct.user_name',
      'ct.nick_name',
      'ct.remark_name',
      'ct.head_img_url',
      'ct.setting',
      'ct.is_delete',
      'ct.contact_flag',
      'ct.py_initial',
      'ct.py_quan_pin',
      'ct.remark_py_initial',
      'ct.remark_py_quan_pin',
      'a.id as account_id',
      'a.uin',
      'a.user_name as account_user_name',
      'a.nick_name as account_nick_name',
      'a.head_img_url as account_head_img_url',
      'a.status as account_status',
      'a.gateway_node',
      'a.created_at as account_created_at',
      'a.last_login_at as account_last_login_at',
      'm.id as message_id',
      'm.msg_id',
      'm.token_id',
      'm.from_user_name',
      'm.to_user_name',
      'm.sender_user_name',
      'm.msg_type',
      'm.content',
      'm.file_name',
      'm.file_size',
      'm.url',
      'm.is_out',
      'm.send_status',
      'm.create_time',
    ]);
  if (q.isRoom !== null) query = query.where('c.is_room', '=', q.isRoom ? 1 : 0);
  if (q.contactId !== undefined) query = query.where('c.contact_id', '=', q.contactId);
  if (q.accountIds) query = query.where('c.account_id', 'in', q.accountIds.length ? q.accountIds : [-1]);
  if (q.search) {
    const search = q.search;
    query = query.where((eb) =>
      eb.or(anyContains(['ct.nick_name', 'ct.remark_name', 'ct.py_quan_pin', 'ct.py_initial', 'ct.remark_py_quan_pin', 'ct.remark_py_initial'], search)),
    );
  }
  if (q.isRoom) query = query.orderBy(sql`case when ct.setting = 3 then 0 else 1 end`);
  return query.orderBy('c.last_time', 'desc').orderBy('c.contact_id', 'desc').limit(q.limit).offset(q.offset).execute();
}

export type RecentRow = Awaited<ReturnType<typeof recentConversations>>[number];

/** Conversations whose history was deleted after `since`, for the delData report. */
export const deletedSince = (db: Db, accountIds: number[] | null, since: number) => {
  let q = db
    .selectFrom('conversations as c')
    .innerJoin('contacts as ct', 'ct.id', 'c.contact_id')
    .innerJoin('accounts as a', 'a.id', 'c.account_id')
    .select(['ct.id as contact_id', 'ct.user_name', 'a.uin', 'a.user_name as account_user_name', 'c.deleted_at'])
    .where('c.deleted_at', '>', since)
    .where('c.is_room', '=', 0);
  if (accountIds) q = q.where('c.account_id', 'in', accountIds.length ? accountIds : [-1]);
  return q.orderBy('c.deleted_at').execute();
};

export interface ConversationTouch {
  contactId: number;
  accountId: number;
  isRoom: boolean;
  messageId: number;
  time: number;
  /** 1 for an incoming message, 0 for one the account sent. */
  unreadDelta: number;
}

/** Moves the conversation to this message if it is the newest; revives a deleted one. */
export async function touchConversation(db: Db, t: ConversationTouch) {
  return db
    .insertInto('conversations')
    .values({
      contact_id: t.contactId,
      account_id: t.accountId,
      is_room: t.isRoom ? 1 : 0,
      last_message_id: t.messageId,
      last_time: t.time,
      unread: t.unreadDelta,
      deleted_at: null,
    })
    .onConflict((oc) =>
      oc.column('contact_id').doUpdateSet((eb) => ({
        last_message_id: sql`case when ${eb.ref('excluded.last_time')} >= ${eb.ref('conversations.last_time')} or ${eb.ref('conversations.last_message_id')} is null then ${eb.ref('excluded.last_message_id')} else ${eb.ref('conversations.last_message_id')} end`,
        last_time: sql`case when ${eb.ref('excluded.last_time')} >= ${eb.ref('conversations.last_time')} or ${eb.ref('conversations.last_message_id')} is null then ${eb.ref('excluded.last_time')} else ${eb.ref('conversations.last_time')} end`,
        unread: sql`${eb.ref('conversations.unread')} + ${eb.ref('excluded.unread')}`,
        deleted_at: null,
      })),
    )
    .returning(['unread', 'last_time'])
    .executeTakeFirstOrThrow();
}

export const markRead = (db: Db, contactId: number) =>
  db.updateTable('conversations').set({ unread: 0 }).where('contact_id', '=', contactId).execute();

/** Empties a conversation after its history is deleted; it leaves the recent list. */
export const markDeleted = (db: Db, contactId: number, at: number) =>
  db.updateTable('conversations').set({ last_message_id: null, unread: 0, deleted_at: at }).where('contact_id', '=', contactId).execute();
