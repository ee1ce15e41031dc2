import type { BenchMessage } from './dataset.js';

/** Who asks for the recent list: everyone's accounts, one account, or an operator's assigned ones. */
export type Scope = { kind: 'all' } | { kind: 'uin'; uin: string } | { kind: 'operator'; id: number };

export interface RecentParams {
  isRoom: boolean;
  scope: Scope;
  page: number;
  pageSize: number;
}

/** What the raw side must answer, per query shape; both drivers implement it. */
export interface RawBaseline {
  ingest(batch: readonly BenchMessage[]): Promise<void>;
  recent(p: RecentParams): Promise<unknown[]>;
  history(contactId: number, beforeId: number, limit: number): Promise<unknown[]>;
  close(): Promise<void>;
}

/** Same columns as wxdesk's list: conversation, contact, account and last message. */
const RECENT_COLUMNS = `c.unread, c.last_time, ct.id as contact_id, ct.user_name, ct.nick_name, ct.remark_name, ct.head_img_url,
  ct.setting, ct.is_delete, ct.contact_flag, ct.py_initial, ct.py_quan_pin, ct.remark_py_initial, ct.remark_py_quan_pin,
  ct.is_room, ct.alias, ct.sex, ct.province, ct.city, ct.signature, ct.announcement, ct.owner_user_name, ct.member_count,
  a.id as account_id, a.uin, a.user_name as account_user_name, a.nick_name as account_nick_name, a.head_img_url as account_head_img_url,
  a.status as account_status, a.gateway_node, a.created_at as account_created_at, a.last_login_at as account_last_login_at,
  m.id as message_id, m.msg_id, m.token_id, m.from_user_name, m.to_user_name, m.sender_user_name, m.msg_type, m.content,
  m.file_name, m.file_size, m.url, m.is_out, m.send_status, m.create_time`;

/**
 * The recent list as one would write it by hand: one statement, the scope as a sub-select,
 * newest first (groups: starred first). `?` placeholders; PostgreSQL's are numbered by `numbered`.
 */
export function recentSql(p: RecentParams): { sql: string; params: unknown[] } {
  const params: unknown[] = [p.isRoom ? 1 : 0];
  let scope = '';
  if (p.scope.kind === 'uin') {
    scope = 'and c.account_id = (select id from accounts where uin = ?)';
    params.push(p.scope.uin);
  } else if (p.scope.kind === 'operator') {
    scope = 'and c.account_id in (select account_id from operator_accounts where operator_id = ?)';
    params.push(p.scope.id);
  }
  params.push(p.pageSize, (p.page - 1) * p.pageSize);
  const sql = `select ${RECENT_COLUMNS}
from conversations c
join contacts ct on ct.id = c.contact_id
join messages m on m.id = c.last_message_id
join accounts a on a.id = c.account_id
where c.is_room = ? and c.deleted_at is null and ct.is_delete = 0 ${scope}
order by c.starred desc, c.last_time desc, c.contact_id desc
limit ? offset ?`;
  return { sql, params };
}

/** A page of history before a message, the cursor read in the same statement. */
export const HISTORY_SQL = `select * from messages
where contact_id = ? and (create_time, id) < (select create_time, id from messages where id = ?)
order by create_time desc, id desc
limit ?`;
export const historyParams = (contactId: number, beforeId: number, limit: number) => [contactId, beforeId, limit];

/** `?` → `$1, $2, …` for PostgreSQL. */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * Conversation state after a sequence of messages, folded as wxdesk's per-message upsert
 * would apply them: the newest (ties: the later) becomes the last message; unread adds up.
 */
type Touch = { contactId: number; accountId: number; isRoom: 0 | 1; time: number; id: number; unread: number; starred: 0 | 1 };
export function foldConversations(batch: readonly Touch[]) {
  const byContact = new Map<number, Touch>();
  for (const m of batch) {
    const cur = byContact.get(m.contactId);
    if (!cur) byContact.set(m.contactId, { ...m });
    else {
      if (m.time >= cur.time) {
        cur.time = m.time;
        cur.id = m.id;
      }
      cur.unread += m.unread;
    }
  }
  return [...byContact.values()];
}
