import type { CommandResultEvent } from './gateway-protocol.js';

/**
 * What ingest and services announce after a change is stored. API nodes fan these out to
 * the consoles (filtered by account) and use them to resolve waiting requests.
 */
export interface NotificationMap {
  'message.stored': { accountId: number; uin: string; contactId: number; messageId: number; isRoom: boolean };
  'message.updated': { accountId: number; uin: string; contactId: number; messageId: number; sendStatus: number };
  'conversation.updated': { accountId: number; uin: string; contactId: number; unread: number; lastTime: number };
  'conversation.deleted': { accountId: number; uin: string; contactId: number; deletedAt: number };
  'contact.updated': { accountId: number; uin: string; contactIds: number[] };
  'room.updated': { accountId: number; uin: string; contactId: number; room: string };
  'keyword.hit': { accountId: number; uin: string; hitId: number; keyword: string; contactId: number; messageId: number };
  'keywords.changed': Record<string, never>;
  /** Operators or their account assignments changed (this operator's only, when named). */
  'access.changed': { operatorId?: number };
  /**
   * A session ended (logout), already deleted from the store: every API node stops honouring
   * it from its cache and closes the event streams opened with it. `sessionId` is the hash of
   * the token, as the sessions table keys it; the token itself never travels.
   */
  'session.ended': { sessionId: string };
  /** An operator was disabled and its sessions deleted: every API node closes its event streams. */
  'operator.disabled': { operatorId: number };
  'friendRequest.updated': { accountId: number; uin: string; requestId: number; status: number };
  'job.progress': { accountId: number; uin: string; jobId: number; status: string; done: number; total: number };
  'account.updated': { accountId: number; uin: string; online: boolean };
  'account.qr': { uin?: string; qrUrl: string };
  'command.result': CommandResultEvent;
}

export type NotificationType = keyof NotificationMap;
export type Notification = { [K in NotificationType]: { type: K; data: NotificationMap[K] } }[NotificationType];
