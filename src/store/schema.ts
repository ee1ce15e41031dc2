import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Table row types. Domain code maps these to its own shapes; times are epoch ms. */
export interface Database {
  operators: OperatorTable;
  sessions: SessionTable;
  operator_accounts: OperatorAccountTable;
  accounts: AccountTable;
  contacts: ContactTable;
  room_members: RoomMemberTable;
  messages: MessageTable;
  conversations: ConversationTable;
  keywords: KeywordTable;
  keyword_hits: KeywordHitTable;
  friend_requests: FriendRequestTable;
  jobs: JobTable;
  gateway_sessions: GatewaySessionTable;
  login_throttle: LoginThrottleTable;
}

export interface OperatorTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  role: 'admin' | 'agent';
  /** Deletions of conversations after this time are still to be reported in delData. */
  del_seen_at: number;
  /** 1 when an administrator disabled the operator: no login, no session. */
  disabled: Generated<number>;
  created_at: number;
}

export interface SessionTable {
  token_hash: string;
  operator_id: number;
  expires_at: number;
  created_at: number;
}

export interface OperatorAccountTable {
  operator_id: number;
  account_id: number;
}

export interface AccountTable {
  id: Generated<number>;
  uin: string;
  user_name: string;
  nick_name: string;
  head_img_url: string;
  /** 1 online, 0 offline. */
  status: number;
  gateway_node: string;
  created_at: number;
  last_login_at: number | null;
}

export interface ContactTable {
  id: Generated<number>;
  account_id: number;
  user_name: string;
  nick_name: Generated<string>;
  remark_name: Generated<string>;
  py_initial: Generated<string>;
  py_quan_pin: Generated<string>;
  remark_py_initial: Generated<string>;
  remark_py_quan_pin: Generated<string>;
  head_img_url: Generated<string>;
  is_room: Generated<number>;
  /** 0 default, 1 mute, 2 block, 3 star. */
  setting: Generated<number>;
  is_delete: Generated<number>;
  /** 1 friend, 2 stranger seen in a room, 3 saved room (the seed's contactFlag). */
  contact_flag: Generated<number>;
  alias: Generated<string>;
  sex: Generated<number>;
  province: Generated<string>;
  city: Generated<string>;
  signature: Generated<string>;
  announcement: Generated<string>;
  owner_user_name: Generated<string>;
  member_count: Generated<number>;
  members_synced_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface RoomMemberTable {
  room_id: number;
  user_name: string;
  nick_name: string;
  display_name: string;
  head_img_url: string;
  py_initial: string;
  py_quan_pin: string;
  is_owner: number;
}

export interface MessageTable {
  id: Generated<number>;
  account_id: number;
  contact_id: number;
  /** WeChat's id; null while an outgoing message is pending. */
  msg_id: string | null;
  token_id: string | null;
  from_user_name: string;
  to_user_name: string;
  sender_user_name: string;
  msg_type: number;
  content: string;
  file_name: string | null;
  file_size: number | null;
  url: string | null;
  /** 1 when the account itself sent it. */
  is_out: number;
  send_status: number;
  fail_reason: string | null;
  create_time: number;
}

export interface ConversationTable {
  contact_id: number;
  account_id: number;
  is_room: number;
  last_message_id: number | null;
  last_time: number;
  unread: number;
  /** Set when its history was deleted; cleared when a new message arrives. */
  deleted_at: number | null;
  /** 1 for a starred room (contact setting 3): the group list shows these first. */
  starred: Generated<number>;
}

export interface KeywordTable {
  id: Generated<number>;
  operator_id: number;
  keyword: string;
  created_at: number;
}

export interface KeywordHitTable {
  id: Generated<number>;
  keyword_id: number;
  keyword: string;
  account_id: number;
  contact_id: number;
  message_id: number;
  sender_user_name: string;
  created_at: number;
}

export interface FriendRequestTable {
  id: Generated<number>;
  account_id: number;
  user_name: string;
  room_user_name: string | null;
  verify: string;
  /** 0 sent, 1 accepted, 2 rejected or failed, 3 received. */
  status: number;
  created_at: number;
  updated_at: number;
}

export interface JobTable {
  id: Generated<number>;
  account_id: number;
  kind: string;
  status: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  error: string | null;
  created_at: number;
  updated_at: number;
}

/** Login memory of a gateway session, one per account (see migration 002). */
export interface GatewaySessionTable {
  /** The account's uin. */
  account_key: string;
  gateway: string;
  puppet: string;
  token_hash: string;
  /** JSON text. */
  memory: string;
  enabled: number;
  updated_at: number;
}

/** Failed logins of one user name (`user:<name>`) or client address (`addr:<ip>`); the auth module's. */
export interface LoginThrottleTable {
  key: string;
  /** Attempts counted since the last success or the last quiet hour. */
  failures: number;
  last_attempt_at: number;
  /** No attempt of this key is tried before this time; 0: none blocked. */
  blocked_until: number;
}

export type OperatorRow = Selectable<OperatorTable>;
export type AccountRow = Selectable<AccountTable>;
export type ContactRow = Selectable<ContactTable>;
export type NewContact = Insertable<ContactTable>;
export type ContactUpdate = Updateable<ContactTable>;
export type RoomMemberRow = Selectable<RoomMemberTable>;
export type MessageRow = Selectable<MessageTable>;
export type NewMessage = Insertable<MessageTable>;
export type ConversationRow = Selectable<ConversationTable>;
export type KeywordRow = Selectable<KeywordTable>;
export type KeywordHitRow = Selectable<KeywordHitTable>;
export type FriendRequestRow = Selectable<FriendRequestTable>;
export type JobRow = Selectable<JobTable>;
export type GatewaySessionRow = Selectable<GatewaySessionTable>;
