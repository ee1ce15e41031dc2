/**
 * The types the console shares with the server: resources of /api/v1 and the events of
 * the WebSocket stream. Type-only, so the console imports no server code.
 */
export type { AccountView } from '../modules/accounts/account.view.js';
export type { ContactView } from '../modules/contacts/contact.view.js';
export type { ConversationView, DeletedConversation } from '../modules/conversations/conversation.view.js';
export type { MessageView } from '../modules/messages/message.view.js';
export type { JobView } from '../modules/jobs/job.view.js';
export type { FriendRequestView } from '../modules/friends/friend-request.view.js';
export type { RoomMemberView } from '../modules/rooms/room-member.view.js';
export type { KeywordHitView, KeywordView } from '../modules/keywords/keyword.view.js';
export type { Caller as OperatorView, Role } from './caller.js';
export type { MemberDetail, SearchResult, SearchType } from '../ports/gateway.js';

import type { AccountView } from '../modules/accounts/account.view.js';
import type { ContactView } from '../modules/contacts/contact.view.js';
import type { ConversationView } from '../modules/conversations/conversation.view.js';
import type { FriendRequestView } from '../modules/friends/friend-request.view.js';
import type { JobView } from '../modules/jobs/job.view.js';
import type { KeywordHitView } from '../modules/keywords/keyword.view.js';
import type { MessageView } from '../modules/messages/message.view.js';
import type { RoomMemberView } from '../modules/rooms/room-member.view.js';
import type { Caller } from './caller.js';

/** What the WebSocket /api/v1/events pushes; every event names its account. */
export interface ServerEventMap {
  /** A message was stored (incoming, or sent from a desk or a phone). */
  'message.new': { uin: string; message: MessageView; conversation: ConversationView | null };
  /** A message changed: pending → sent or failed. */
  'message.updated': { uin: string; message: MessageView };
  /** Unread count or last message changed. */
  'conversation.updated': { uin: string; contactId: number; unread: number; conversation: ConversationView | null };
  /** A conversation's history was deleted. */
  'conversation.deleted': { uin: string; contactId: number };
  'contact.updated': { uin: string; contacts: ContactView[] };
  'room.updated': { uin: string; room: ContactView };
  'keyword.hit': { uin: string; hit: KeywordHitView };
  'job.progress': { uin: string; job: JobView };
  'friendRequest.updated': { uin: string; request: FriendRequestView };
  'account.updated': { uin: string; account: AccountView };
  'account.qr': { uin: string | null; qrUrl: string };
}

export type ServerEventType = keyof ServerEventMap;
export type ServerEvent = { [K in ServerEventType]: { type: K; data: ServerEventMap[K] } }[ServerEventType];

/** The first frame on a new connection. */
export interface HelloFrame {
  type: 'hello';
  data: { operator: { id: number; username: string; role: string }; uins: string[] | null };
}

/** GET /accounts: each account with the unread total of its conversations. */
export type AccountSummary = AccountView & { unread: number };

/** GET /rooms/:id/members: a member, and whether the account already has them as a friend. */
export type RoomMember = RoomMemberView & { isFriend: boolean };

/** GET /operators: an operator with the accounts assigned to it. */
export type OperatorSummary = Caller & { uins: string[] };

/** POST /auth/login. */
export interface LoginAnswer {
  token: string;
  operator: Caller;
}

/** POST /accounts/:uin/sync. */
export interface SyncAnswer {
  job: JobView;
  started: boolean;
}

/** RFC 9457 problem details, as every /api/v1 error answers. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  param?: string;
}
