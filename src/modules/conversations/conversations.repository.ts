import { sql, type Kysely, type RawBuilder } from 'kysely';
import { inList, isSqlite, runPerRow } from '../../store/dialect.js';
import { anyContains } from '../../store/like.js';
import type { AccountRow, ConversationRow, Database, MessageRow } from '../../store/schema.js';
import { Setting } from '../../core/message-types.js';
import { assignedTo } from '../accounts/accounts.tx.js';
import { deletionCursorOf, furthestDeletionCursor } from '../auth/operators.tx.js';
import type { ContactViewColumns } from '../contacts/contact.view.js';

type Db = Kysely<Database>;

export interface RecentQuery {
  accountIds: number[] | null;
  /** Only this account's, named by uin. */
  uin?: string;
  /** Only the accounts assigned to this operator. */
  operatorId?: number;
  isRoom: boolean | null;
  /** Only these conversations, for events. */
  contactIds?: readonly number[];
  /** Lowercased; matched against nickname, remark, full pinyin and initials. */
  search?: string;
  limit: number;
  offset: number;
}

/**
 * One row of the recent list: the conversation, its contact, its account (columns prefixed
 * `account_`) and its last message (its id as `message_id`), as RECENT_COLUMNS selects them.
 */
export type RecentRow = Pick<ConversationRow, 'unread' | 'last_time' | 'contact_id' | 'account_id'> &
  Omit<ContactViewColumns, 'id' | 'account_id'> &
  Pick<AccountRow, 'uin' | 'gateway_node'> & {
    account_user_name: string;
    account_nick_name: string;
    account_head_img_url: string;
    account_status: number;
    account_created_at: number;
    account_last_login_at: number | null;
    message_id: number;
  } & Omit<MessageRow, 'id' | 'account_id' | 'contact_id' | 'fail_reason'>;

const RECENT_COLUMNS = sql.raw(`c.unread, c.last_time,
  ct.id as contact_id, ct.user_name, ct.nick_name, ct.remark_name, ct.head_img_url, ct.setting, ct.is_delete, ct.contact_flag,
  ct.py_initial, ct.py_quan_pin, ct.remark_py_initial, ct.remark_py_quan_pin, ct.is_room, ct.alias, ct.sex, ct.province, ct.city,
  ct.signature, ct.announcement, ct.owner_user_name, ct.member_count,
  a.id as account_id, a.uin, a.user_name as account_user_name, a.nick_name as account_nick_name, a.head_img_url as account_head_img_url,
  a.status as account_status, a.gateway_node, a.created_at as account_created_at, a.last_login_at as account_last_login_at,
  m.id as message_id, m.msg_id, m.token_id, m.from_user_name, m.to_user_name, m.sender_user_name, m.msg_type, m.content,
  m.file_name, m.file_size, m.url, m.is_out, m.send_status, m.create_time`);

/**
 * Recent conversations, newest first (rooms: starred first). Served in order by
 * conversations_recent (some accounts) or conversations_recent_all (every account), reading
 * only the page: (starred, last_time, contact_id) is the order, and `starred` is 0 on single chats.
 * Written as SQL: it runs for every list request and every pushed message, and building it
 * with the query builder cost more than running it.
 */
export async function recentConversations(db: Db, q: RecentQuery): Promise<RecentRow[]> {
  const where = [sql`c.deleted_at is null`, sql`ct.is_delete = 0`];
  if (q.isRoom !== null) where.push(sql`c.is_room = ${q.isRoom ? 1 : 0}`);
  if (q.contactIds) where.push(sql`c.contact_id in (${sql.join(q.contactIds.length ? q.contactIds : [-1])})`);
  if (q.accountIds) where.push(sql`c.account_id in (${sql.join(q.accountIds.length ? q.accountIds : [-1])})`);
  if (q.uin !== undefined) where.push(sql`c.account_id = (select id from accounts where uin = ${q.uin})`);
  if (q.operatorId !== undefined) where.push(sql`c.account_id in ${assignedTo(q.operatorId)}`);
  if (q.search)
    where.push(
      sql`(${sql.join(anyContains(['ct.nick_name', 'ct.remark_name', 'ct.py_quan_pin', 'ct.py_initial', 'ct.remark_py_quan_pin', 'ct.remark_py_initial'], q.search), sql` or `)})`,
    );
  const { rows } = await sql<RecentRow>`select ${RECENT_COLUMNS}
    from conversations c
    join contacts ct on ct.id = c.contact_id
    join messages m on m.id = c.last_message_id
    join accounts a on a.id = c.account_id
    where ${sql.join(where, sql` and `)}
    order by c.starred desc, c.last_time desc, c.contact_id desc
    limit ${q.limit} offset ${q.offset}`.execute(db);
  return rows;
}

export interface DeletedRow {
  contact_id: number;
  user_name: string;
  uin: string;
  account_user_name: string;
  deleted_at: number;
}

/**
 * Single chats deleted after the operator last asked (its del_seen_at), oldest first, for
 * the delData report: one statement, served by conversations_deleted. Written as SQL because
 * every findLastMsgList runs it, and the builder cost five times the statement. An agent's
 * (`assignedOnly`) are those of its assigned accounts.
 */
export async function deletedUnseen(db: Db, operatorId: number, assignedOnly: boolean): Promise<DeletedRow[]> {
  const scope = assignedOnly ? sql`and c.account_id in ${assignedTo(operatorId)}` : sql``;
  const { rows } = await sql<DeletedRow>`select ct.id as contact_id, ct.user_name, a.uin, a.user_name as account_user_name, c.deleted_at
    from conversations c
    join contacts ct on ct.id = c.contact_id
    join accounts a on a.id = c.account_id
    where c.deleted_at is not null and c.deleted_at > ${deletionCursorOf(operatorId)} and c.is_room = 0 ${scope}
    order by c.deleted_at`.execute(db);
  return rows;
}

/** The newest deletion stamp (0 when none). */
export async function latestDeletion(db: Db): Promise<number> {
  const { rows } = await sql<{ at: number | null }>`select max(deleted_at) as at from conversations where deleted_at is not null`.execute(
    db,
  );
  return Number(rows[0]?.at ?? 0);
}

/** The newest deletion time and the furthest operator cursor, whichever is later (0 when neither). */
export async function deletionHighWater(db: Db): Promise<{ at: number }> {
  const { rows } = await sql<{ at: number | null }>`select max(t) as at from (
      select max(deleted_at) as t from conversations where deleted_at is not null
      union all select ${furthestDeletionCursor()}) x`.execute(db);
  return { at: Number(rows[0]?.at ?? 0) };
}

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
  // A new conversation of a starred room starts starred; setStarred follows later changes.
  const starred = sql<number>`(select case when is_room = 1 and setting = ${Setting.star} then 1 else 0 end from contacts where id = ${t.contactId})`;
  return upsert(db, [{ ...touchRow(t), starred }])
    .returning(['unread', 'last_time'])
    .executeTakeFirstOrThrow();
}

/**
 * touchConversation for many conversations at once, for ingest, which knows each room's star
 * and works out the resulting state itself (conversationStates). At most one touch per
 * conversation: PostgreSQL cannot update a row twice in one statement. SQLite: a compiled
 * single-row upsert run per conversation, faster there than one multi-row statement and
 * than reading rows back; PostgreSQL: one statement, one round trip.
 */
export async function touchConversations(db: Db, touches: readonly (ConversationTouch & { starred: boolean })[]): Promise<void> {
  if (touches.length === 0) return;
  const rows = touches.map((t) => ({ ...touchRow(t), starred: t.starred && t.isRoom ? 1 : 0 }));
  if (!isSqlite(db)) {
    await upsert(db, rows).execute();
    return;
  }
  runPerRow(db, TOUCH_COLUMNS, (t) => upsert(db, [t]))(rows);
}

const TOUCH_COLUMNS = ['contact_id', 'account_id', 'is_room', 'last_message_id', 'last_time', 'unread', 'starred'] as const;

const touchRow = (t: ConversationTouch) => ({
  contact_id: t.contactId,
  account_id: t.accountId,
  is_room: t.isRoom ? 1 : 0,
  last_message_id: t.messageId,
  last_time: t.time,
  unread: t.unreadDelta,
});

function upsert(db: Db, rows: readonly (ReturnType<typeof touchRow> & { starred: number | RawBuilder<number> })[]) {
  return db
    .insertInto('conversations')
    .values(rows.map((r) => ({ ...r, deleted_at: null })))
    .onConflict((oc) =>
      oc.column('contact_id').doUpdateSet((eb) => ({
        last_message_id: sql`case when ${eb.ref('excluded.last_time')} >= ${eb.ref('conversations.last_time')} or ${eb.ref('conversations.last_message_id')} is null then ${eb.ref('excluded.last_message_id')} else ${eb.ref('conversations.last_message_id')} end`,
        last_time: sql`case when ${eb.ref('excluded.last_time')} >= ${eb.ref('conversations.last_time')} or ${eb.ref('conversations.last_message_id')} is null then ${eb.ref('excluded.last_time')} else ${eb.ref('conversations.last_time')} end`,
        unread: sql`${eb.ref('conversations.unread')} + ${eb.ref('excluded.unread')}`,
        deleted_at: null,
      })),
    );
}

/**
 * Current state of these conversations (missing ones are absent), by primary key. On
 * PostgreSQL the rows are locked until the transaction ends, so what ingest works out from
 * them stays true while it writes; SQLite has one writer at a time.
 */
export function conversationStates(db: Db, contactIds: readonly number[]) {
  const q = db
    .selectFrom('conversations')
    .select(['contact_id', 'last_message_id', 'last_time', 'unread'])
    .where(inList(db, 'contact_id', contactIds));
  return (isSqlite(db) ? q : q.forUpdate()).execute();
}

/** Follows a contact's star (setting 3): the group list puts starred rooms first. */
export const setStarred = (db: Db, contactId: number, starred: boolean) =>
  db
    .updateTable('conversations')
    .set({ starred: starred ? 1 : 0 })
    .where('contact_id', '=', contactId)
    .execute();

export const markRead = (db: Db, contactId: number) =>
  db.updateTable('conversations').set({ unread: 0 }).where('contact_id', '=', contactId).execute();

/** Empties a conversation after its history is deleted; it leaves the recent list. */
export const markDeleted = (db: Db, contactId: number, at: number) =>
  db.updateTable('conversations').set({ last_message_id: null, unread: 0, deleted_at: at }).where('contact_id', '=', contactId).execute();

/** Points conversations whose last message is `from` at `to` instead (a duplicate giving way). */
export const repointLastMessage = (db: Db, from: number, to: number) =>
  db.updateTable('conversations').set({ last_message_id: to }).where('last_message_id', '=', from).execute();

/** Unread messages per account, over the conversations still listed. */
export const unreadByAccount = (db: Db, accountIds: readonly number[]) =>
  db
    .selectFrom('conversations')
    .select(['account_id', (eb) => eb.fn.sum<number>('unread').as('unread')])
    .where('account_id', 'in', accountIds)
    .where('deleted_at', 'is', null)
    .groupBy('account_id')
    .execute();
