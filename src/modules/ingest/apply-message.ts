import type { AccountRow, NewContact, NewMessage } from '../../store/schema.js';
import { ContactFlag, MsgType, SendStatus, Setting, isRoomName } from '../../core/message-types.js';
import type { Notification } from '../../core/notifications.js';
import type { MessageInfo } from '../../ports/gateway.js';
import { findContactsByName, insertContactStubs } from '../contacts/contacts.tx.js';
import { conversationStates, touchConversations, type ConversationTouch } from '../conversations/conversations.tx.js';
import { insertHits } from '../keywords/keywords.tx.js';
import { findByToken, insertMessagesOnce, updateMessage } from '../messages/messages.tx.js';
import type { ApplyContext } from './context.js';

export interface IncomingMessage {
  account: AccountRow;
  m: MessageInfo;
}

/** Messages applied per round of statements: keeps every statement's parameters well under the limits. */
const CHUNK = 1000;

/** The other side of a message: the room for group messages, else whoever is not the account. */
function peerOf(account: AccountRow, m: MessageInfo): { peer: string; isOut: boolean } {
  const isOut = m.senderUserName === account.user_name;
  if (isRoomName(m.fromUserName)) return { peer: m.fromUserName, isOut };
  if (isRoomName(m.toUserName)) return { peer: m.toUserName, isOut };
  return { peer: isOut ? m.toUserName : m.fromUserName, isOut };
}

const key = (accountId: number, name: string | null) => `${accountId}\u0000${name ?? ''}`;

/**
 * A message the account sent from this desk (same tokenId) completes the pending row;
 * anything else is stored like every other message.
 */
export async function applyMessage(ctx: ApplyContext, account: AccountRow, m: MessageInfo): Promise<void> {
  const { isOut } = peerOf(account, m);
  if (isOut && m.tokenId) {
    const pending = await findByToken(ctx.trx, account.id, m.tokenId);
    if (pending) {
      if (pending.msg_id !== m.msgId || pending.send_status !== SendStatus.sent) {
        await updateMessage(ctx.trx, pending.id, { msg_id: m.msgId, send_status: SendStatus.sent, fail_reason: null });
        ctx.notifications.push({
          type: 'message.updated',
          data: {
            accountId: account.id,
            uin: account.uin,
            contactId: pending.contact_id,
            messageId: pending.id,
            sendStatus: SendStatus.sent,
          },
        });
      }
      return;
    }
  }
  await applyMessages(ctx, [{ account, m }]);
}

/**
 * Stores messages once per (account, msgId), moves their conversations and records keyword
 * hits of group messages, with a few multi-row statements per chunk instead of several per
 * message; the outcome and the notifications are those of applying them one by one, in order.
 */
export async function applyMessages(ctx: ApplyContext, list: readonly IncomingMessage[]): Promise<void> {
  for (let i = 0; i < list.length; i += CHUNK) await applyChunk(ctx, list.slice(i, i + CHUNK));
}

async function applyChunk(ctx: ApplyContext, list: readonly IncomingMessage[]): Promise<void> {
  const items = list.map(({ account, m }) => ({ account, m, ...peerOf(account, m) }));
  const contacts = await contactsOf(ctx, items);

  // A message seen before (in an earlier batch, or earlier in this one) is not stored again.
  const firsts = new Map<string, (typeof items)[number]>();
  for (const it of items) if (!firsts.has(key(it.account.id, it.m.msgId))) firsts.set(key(it.account.id, it.m.msgId), it);
  const fresh = [...firsts.values()];
  const inserted = await insertMessagesOnce(
    ctx.trx,
    fresh.map((it): NewMessage => ({
      account_id: it.account.id,
      contact_id: contacts.get(key(it.account.id, it.peer))!.id,
      msg_id: it.m.msgId,
      token_id: it.m.tokenId ?? null,
      from_user_name: it.m.fromUserName,
      to_user_name: it.m.toUserName,
      sender_user_name: it.m.senderUserName,
      msg_type: it.m.msgType,
      content: it.m.content,
      file_name: it.m.fileName ?? null,
      file_size: it.m.fileSize ?? null,
      url: it.m.url ?? null,
      is_out: it.isOut ? 1 : 0,
      send_status: SendStatus.sent,
      create_time: it.m.createTime,
    })),
  );
  if (inserted.length === 0) return;
  const ids = new Map(inserted.map((r) => [key(r.account_id, r.msg_id), Number(r.id)]));
  const stored = fresh.flatMap((it) => {
    const id = ids.get(key(it.account.id, it.m.msgId));
    const contact = contacts.get(key(it.account.id, it.peer))!;
    return id === undefined
      ? []
      : [{ ...it, id, contact, isRoom: contact.is_room === 1, unreadDelta: it.isOut || it.m.msgType === MsgType.system ? 0 : 1 }];
  });

  // Replays the per-message upsert over the stored state, for each message's notification,
  // and folds each conversation's messages into one touch for the database.
  const states = new Map((await conversationStates(ctx.trx, [...new Set(stored.map((s) => s.contact.id))])).map((c) => [c.contact_id, c]));
  const touches = new Map<number, ConversationTouch & { starred: boolean }>();
  const after = stored.map((s) => {
    const cur = states.get(s.contact.id);
    const next = { contact_id: s.contact.id, last_message_id: s.id, last_time: s.m.createTime, unread: (cur?.unread ?? 0) + s.unreadDelta };
    if (cur && cur.last_message_id !== null && s.m.createTime < cur.last_time)
      Object.assign(next, { last_message_id: cur.last_message_id, last_time: cur.last_time });
    states.set(s.contact.id, next);
    const t = touches.get(s.contact.id);
    if (!t) {
      const starred = s.contact.setting === Setting.star;
      touches.set(s.contact.id, {
        contactId: s.contact.id,
        accountId: s.account.id,
        isRoom: s.isRoom,
        messageId: s.id,
        time: s.m.createTime,
        unreadDelta: s.unreadDelta,
        starred,
      });
    } else {
      if (s.m.createTime >= t.time) Object.assign(t, { messageId: s.id, time: s.m.createTime });
      t.unreadDelta += s.unreadDelta;
    }
    return { unread: next.unread, lastTime: next.last_time };
  });
  await touchConversations(ctx.trx, [...touches.values()]);

  const hits = await recordHits(ctx, stored);
  stored.forEach((s, i) => {
    const data = { accountId: s.account.id, uin: s.account.uin, contactId: s.contact.id };
    ctx.notifications.push(
      { type: 'message.stored', data: { ...data, messageId: s.id, isRoom: s.isRoom } },
      { type: 'conversation.updated', data: { ...data, unread: after[i]!.unread, lastTime: after[i]!.lastTime } },
      ...(hits.get(s.id) ?? []),
    );
  });
}

/** The contact of each message; a stranger or unknown room gets a stub until synced. */
async function contactsOf(ctx: ApplyContext, items: readonly { account: AccountRow; peer: string }[]) {
  const wanted = new Map(items.map((it) => [key(it.account.id, it.peer), { accountId: it.account.id, userName: it.peer }]));
  const found = new Map((await findContactsByName(ctx.trx, [...wanted.values()])).map((c) => [key(c.account_id, c.user_name), c]));
  const stubs = [...wanted]
    .filter(([k]) => !found.has(k))
    .map(([, w]): NewContact => {
      const isRoom = isRoomName(w.userName);
      return {
        account_id: w.accountId,
        user_name: w.userName,
        is_room: isRoom ? 1 : 0,
        contact_flag: isRoom ? ContactFlag.roomNotSaved : ContactFlag.stranger,
        created_at: ctx.now,
        updated_at: ctx.now,
      };
    });
  if (stubs.length) for (const c of await insertContactStubs(ctx.trx, stubs)) found.set(key(c.account_id, c.user_name), c);
  return found;
}

/** Keyword hits of incoming group texts, by message id, as notifications. */
async function recordHits(
  ctx: ApplyContext,
  stored: readonly { account: AccountRow; m: MessageInfo; id: number; isOut: boolean; isRoom: boolean; contact: { id: number } }[],
) {
  const rows = stored.flatMap((s) =>
    s.isRoom && !s.isOut && s.m.msgType === MsgType.text
      ? ctx.keywords.match(s.account.id, s.m.content).map((k) => ({
          keyword_id: k.id,
          keyword: k.keyword,
          account_id: s.account.id,
          contact_id: s.contact.id,
          message_id: s.id,
          sender_user_name: s.m.senderUserName,
          created_at: ctx.now,
        }))
      : [],
  );
  const out = new Map<number, Notification[]>();
  if (rows.length === 0) return out;
  const ids = new Map((await insertHits(ctx.trx, rows)).map((h) => [`${h.keyword_id}:${h.message_id}`, h.id]));
  const uinOf = new Map(stored.map((s) => [s.account.id, s.account.uin]));
  for (const r of rows) {
    const hitId = ids.get(`${r.keyword_id}:${r.message_id}`);
    if (hitId === undefined) continue;
    const list = out.get(r.message_id) ?? [];
    list.push({
      type: 'keyword.hit',
      data: {
        accountId: r.account_id,
        uin: uinOf.get(r.account_id)!,
        hitId,
        keyword: r.keyword,
        contactId: r.contact_id,
        messageId: r.message_id,
      },
    });
    out.set(r.message_id, list);
  }
  return out;
}
