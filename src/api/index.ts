/**
 * The API's own vocabulary: the resources of /api/v1 (TypeBox schemas in the files beside
 * this one, so one definition validates, documents and types them) and the events of the
 * WebSocket stream. The console imports this folder, type-only, and nothing else of the server.
 */
export type { AccountSummary, AccountView } from './account.js';
export type { ContactView } from './contact.js';
export type { ConversationView, DeletedConversation } from './conversation.js';
export type { MessageView } from './message.js';
export type { JobView, SyncAnswer } from './job.js';
export type { FriendRequestView, SearchResult } from './friend-request.js';
export type { MemberDetail, RoomMember, RoomMemberView } from './room-member.js';
export type { KeywordHitView, KeywordView } from './keyword.js';
export type { LoginAnswer, OperatorAccounts, OperatorSummary, OperatorView } from './operator.js';
export type { SimulatedMessage } from './simulator.js';
export type { Role } from '../core/caller.js';
export type { SearchType } from '../core/gateway-protocol.js';

import type { AccountView } from './account.js';
import type { ContactView } from './contact.js';
import type { ConversationView } from './conversation.js';
import type { FriendRequestView } from './friend-request.js';
import type { JobView } from './job.js';
import type { KeywordHitView } from './keyword.js';
import type { MessageView } from './message.js';

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

/** The first frame on a new connection; sent again when the operator's accounts change (the console then reloads its lists). */
export interface HelloFrame {
  type: 'hello';
  data: { operator: { id: number; username: string; role: string }; uins: string[] | null };
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
