import type { AccountRow } from '../../adapters/db/schema.js';
import { MsgType, SendStatus, isRoomName } from '../../core/message-types.js';
import type { MessageInfo } from '../../ports/gateway.js';
import { touchConversation } from '../conversations/conversations.repository.js';
import { insertHit } from '../keywords/keywords.repository.js';
import { findByToken, insertMessageOnce, updateMessage } from '../messages/messages.repository.js';
import { ensureContact } from './apply-contacts.js';
import type { ApplyContext } from './context.js';

/** The other side of a message: the room for group messages, else whoever is not the account. */
function peerOf(account: AccountRow, m: MessageInfo): { peer: string; isOut: boolean } {
  const isOut = m.senderUserName === account.user_name;
  if (isRoomName(m.fromUserName)) return { peer: m.fromUserName, isOut };
  if (isRoomName(m.toUserName)) return { peer: m.toUserName, isOut };
  return { peer: isOut ? m.toUserName : m.fromUserName, isOut };
}

/**
 * Stores a message once per (account, msgId), moves its conversation, and records keyword
 * hits of group messages. A message the desk sent itself (same tokenId) completes that row.
 */
export async function applyMessage(ctx: ApplyContext, account: AccountRow, m: MessageInfo): Promise<void> {
  const { peer, isOut } = peerOf(account, m);
  if (isOut && m.tokenId) {
    const pending = await findByToken(ctx.trx, account.id, m.tokenId);
    if (pending) {
      if (pending.msg_id !== m.msgId || pending.send_status !== SendStatus.sent) {
        await updateMessage(ctx.trx, pending.id, { msg_id: m.msgId, send_status: SendStatus.sent, fail_reason: null });
        ctx.notifications.push({ type: 'message.updated', data: { accountId: account.id, uin: account.uin, contactId: pending.contact_id, messageId: pending.id, sendStatus: SendStatus.sent } });
      }
      return;
    }
  }
  const contact = await ensureContact(ctx, account.id, peer);
  const row = await insertMessageOnce(ctx.trx, {
    account_id: account.id,
    contact_id: contact.id,
    msg_id: m.msgId,
    token_id: m.tokenId ?? null,
    from_user_name: m.fromUserName,
    to_user_name: m.toUserName,
    sender_user_name: m.senderUserName,
    msg_type: m.msgType,
    content: m.content,
    file_name: m.fileName ?? null,
    file_size: m.fileSize ?? null,
    url: m.url ?? null,
    is_out: isOut ? 1 : 0,
    send_status: SendStatus.sent,
    create_time: m.createTime,
  });
  if (!row) return; // seen before: at-least-once delivery
  const isRoom = contact.is_room === 1;
  const conv = await touchConversation(ctx.trx, {
    contactId: contact.id,
    accountId: account.id,
    isRoom,
    messageId: row.id,
    time: row.create_time,
    unreadDelta: isOut || m.msgType === MsgType.system ? 0 : 1,
  });
  ctx.notifications.push(
    { type: 'message.stored', data: { accountId: account.id, uin: account.uin, contactId: contact.id, messageId: row.id, isRoom } },
    { type: 'conversation.updated', data: { accountId: account.id, uin: account.uin, contactId: contact.id, unread: conv.unread, lastTime: conv.last_time } },
  );
  if (isRoom && !isOut && m.msgType === MsgType.text) await recordHits(ctx, account, contact.id, row.id, m);
}

async function recordHits(ctx: ApplyContext, account: AccountRow, roomId: number, messageId: number, m: MessageInfo) {
  for (const k of ctx.keywords.match(account.id, m.content)) {
    const hit = await insertHit(ctx.trx, {
      keyword_id: k.id,
      keyword: k.keyword,
      account_id: account.id,
      contact_id: roomId,
      message_id: messageId,
      sender_user_name: m.senderUserName,
      created_at: ctx.now,
    });
    if (hit)
      ctx.notifications.push({ type: 'keyword.hit', data: { accountId: account.id, uin: account.uin, hitId: hit.id, keyword: k.keyword, contactId: roomId, messageId } });
  }
}
