import type { ServerEvent } from '../../api/index.js';
import type { ConversationView } from '../../api/conversation.js';
import type { MessageView } from '../../api/message.js';
import type { Notification } from '../../core/notifications.js';
import type { Services } from '../services.js';

/**
 * A browser event with what decides who sees it: the account it belongs to, and where the
 * API shows it to fewer operators than every one who may see the account, who those are.
 */
export interface RoutedEvent {
  accountId: number;
  event: ServerEvent;
  /** Only administrators and this operator (a keyword hit: the keyword's owner). */
  ownerId?: number;
  /** Only administrators (logging accounts in is theirs alone). */
  adminsOnly?: boolean;
}

/**
 * The messages and conversations a batch of notifications needs, read together up front (a
 * query each, not one per notification: on PostgreSQL every query is a round trip), so a
 * stored message and the conversation update that follows it read the conversation once.
 */
export class BatchViews {
  private readonly messages = new Map<number, Promise<MessageView | undefined>>();
  private readonly conversations = new Map<number, Promise<ConversationView | null>>();
  constructor(private readonly s: Services) {}

  async preload(batch: readonly Notification[]): Promise<void> {
    const messageIds = new Set<number>();
    const contactIds = new Set<number>();
    for (const n of batch) {
      if (n.type === 'message.stored' || n.type === 'message.updated') messageIds.add(n.data.messageId);
      if (n.type === 'message.stored' || n.type === 'conversation.updated') contactIds.add(n.data.contactId);
    }
    const [messages, conversations] = await Promise.all([
      this.s.messages.viewsOf([...messageIds]),
      this.s.conversations.viewsOf([...contactIds]),
    ]);
    for (const id of messageIds) this.messages.set(id, Promise.resolve(messages.get(id)));
    for (const id of contactIds) this.conversations.set(id, Promise.resolve(conversations.get(id) ?? null));
  }

  message(messageId: number): Promise<MessageView | undefined> {
    let view = this.messages.get(messageId);
    if (!view) this.messages.set(messageId, (view = this.s.messages.viewOf(messageId)));
    return view;
  }

  conversation(contactId: number): Promise<ConversationView | null> {
    let view = this.conversations.get(contactId);
    if (!view) this.conversations.set(contactId, (view = this.s.conversations.viewOf(contactId)));
    return view;
  }
}

/** Turns an internal notification into what a console needs, read once per API node. */
export async function toServerEvent(s: Services, n: Notification, views = new BatchViews(s)): Promise<RoutedEvent | undefined> {
  switch (n.type) {
    case 'message.stored': {
      const message = await views.message(n.data.messageId);
      if (!message) return undefined;
      const conversation = await views.conversation(n.data.contactId);
      return { accountId: n.data.accountId, event: { type: 'message.new', data: { uin: n.data.uin, message, conversation } } };
    }
    case 'message.updated': {
      const message = await views.message(n.data.messageId);
      return message && { accountId: n.data.accountId, event: { type: 'message.updated', data: { uin: n.data.uin, message } } };
    }
    case 'conversation.updated': {
      const conversation = await views.conversation(n.data.contactId);
      const unread = conversation?.unread ?? n.data.unread;
      return {
        accountId: n.data.accountId,
        event: { type: 'conversation.updated', data: { uin: n.data.uin, contactId: n.data.contactId, unread, conversation } },
      };
    }
    case 'conversation.deleted':
      return {
        accountId: n.data.accountId,
        event: { type: 'conversation.deleted', data: { uin: n.data.uin, contactId: n.data.contactId } },
      };
    case 'contact.updated': {
      const contacts = await s.contacts.viewsOf(n.data.contactIds);
      return { accountId: n.data.accountId, event: { type: 'contact.updated', data: { uin: n.data.uin, contacts } } };
    }
    case 'room.updated': {
      const [room] = await s.contacts.viewsOf([n.data.contactId]);
      return room && { accountId: n.data.accountId, event: { type: 'room.updated', data: { uin: n.data.uin, room } } };
    }
    case 'keyword.hit': {
      // As GET /keywords/hits: an agent sees the hits of its own keywords, an administrator all.
      const found = await s.keywords.hitWithOwnerOf(n.data.hitId);
      return (
        found && {
          accountId: n.data.accountId,
          ownerId: found.ownerId,
          event: { type: 'keyword.hit', data: { uin: n.data.uin, hit: found.hit } },
        }
      );
    }
    case 'job.progress': {
      const job = await s.jobs.viewOf(n.data.jobId);
      return job && { accountId: n.data.accountId, event: { type: 'job.progress', data: { uin: n.data.uin, job } } };
    }
    case 'friendRequest.updated': {
      const request = await s.friends.viewOf(n.data.requestId);
      return request && { accountId: n.data.accountId, event: { type: 'friendRequest.updated', data: { uin: n.data.uin, request } } };
    }
    case 'account.updated': {
      const account = await s.accounts.viewOf(n.data.accountId);
      return account && { accountId: n.data.accountId, event: { type: 'account.updated', data: { uin: n.data.uin, account } } };
    }
    case 'account.qr': {
      // Only administrators add accounts and log them in, so only they get QR codes, for the
      // new login of a known account too.
      const account = n.data.uin ? await s.accounts.findByUin(n.data.uin) : undefined;
      return {
        accountId: account?.id ?? -1,
        adminsOnly: true,
        event: { type: 'account.qr', data: { uin: n.data.uin ?? null, qrUrl: n.data.qrUrl } },
      };
    }
    case 'keywords.changed':
    case 'access.changed':
    case 'session.ended':
    case 'operator.disabled':
    case 'command.result':
      return undefined;
    default: {
      const unreachable: never = n;
      return unreachable;
    }
  }
}
