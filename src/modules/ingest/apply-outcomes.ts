import type { AccountRow } from '../../store/schema.js';
import { SendStatus } from '../../core/message-types.js';
import type { CommandResultEvent, GatewayEvent } from '../../core/gateway-protocol.js';
import { findContact, updateRoom } from '../contacts/contacts.tx.js';
import { repointLastMessage } from '../conversations/conversations.tx.js';
import { failOpenRequests, recordRequestEvent } from '../friends/friends.tx.js';
import { finishJob, setJobProgress } from '../jobs/jobs.tx.js';
import { deleteMessage, findByToken, findIdByMsgId, updateMessage } from '../messages/messages.tx.js';
import { applyRoomMembers } from './apply-contacts.js';
import type { ApplyContext } from './context.js';

/** Stores what a command's result carries; the result is then announced to its waiter. */
export async function applyCommandResult(ctx: ApplyContext, account: AccountRow | undefined, e: CommandResultEvent): Promise<void> {
  const c = e.command;
  if (!account) return;
  switch (c.kind) {
    case 'sendText':
    case 'sendMedia': {
      const row = await findByToken(ctx.trx, account.id, c.tokenId);
      if (!row || row.send_status === SendStatus.sent) return;
      const sent = e.ok && e.result && 'msgId' in e.result ? e.result : undefined;
      if (sent) await dropEarlyEcho(ctx, account.id, row.id, sent.msgId);
      await updateMessage(
        ctx.trx,
        row.id,
        sent
          ? { msg_id: sent.msgId, send_status: SendStatus.sent, fail_reason: null }
          : { send_status: SendStatus.failed, fail_reason: e.error?.message ?? '发送失败' },
      );
      ctx.notifications.push({
        type: 'message.updated',
        data: {
          accountId: account.id,
          uin: account.uin,
          contactId: row.contact_id,
          messageId: row.id,
          sendStatus: sent ? SendStatus.sent : SendStatus.failed,
        },
      });
      return;
    }
    case 'roomMembers':
      if (e.ok && e.result && 'members' in e.result) await applyRoomMembers(ctx, account.id, c.room, e.result.members);
      return;
    case 'setAnnouncement':
    case 'quitRoom': {
      if (!e.ok) return;
      const room = await findContact(ctx.trx, account.id, c.room);
      if (!room) return;
      await updateRoom(ctx.trx, room.id, c.kind === 'quitRoom' ? { is_delete: 1 } : { announcement: c.content }, ctx.now);
      ctx.notifications.push({ type: 'room.updated', data: { accountId: account.id, uin: account.uin, contactId: room.id, room: c.room } });
      return;
    }
    case 'addFriendFromRoom':
    case 'addFriend':
      if (!e.ok) await failOpenRequests(ctx.trx, account.id, c.userName, ctx.now);
      return;
    case 'syncContacts':
      if (!e.ok) await finish(ctx, account, c.jobId, 'failed', e.error?.message ?? '同步失败');
      return;
    // Nothing to store from these results.
    case 'createRoom':
    case 'login':
    case 'logout':
    case 'memberDetail':
    case 'refreshContact':
    case 'saveRoomToContacts':
    case 'searchUser':
    default:
      return;
  }
}

export async function applyFriendRequest(ctx: ApplyContext, account: AccountRow, e: Extract<GatewayEvent, { type: 'friendRequest' }>) {
  const { id, status } = await recordRequestEvent(ctx.trx, account.id, e, ctx.now);
  ctx.notifications.push({ type: 'friendRequest.updated', data: { accountId: account.id, uin: account.uin, requestId: id, status } });
}

export async function applyJobProgress(ctx: ApplyContext, account: AccountRow, e: Extract<GatewayEvent, { type: 'jobProgress' }>) {
  if (e.finished) return finish(ctx, account, e.jobId, e.error ? 'failed' : 'done', e.error ?? null, e.done, e.total);
  await setJobProgress(ctx.trx, e.jobId, e.done, e.total, ctx.now);
  ctx.notifications.push({
    type: 'job.progress',
    data: { accountId: account.id, uin: account.uin, jobId: e.jobId, status: 'running', done: e.done, total: e.total },
  });
}

async function finish(
  ctx: ApplyContext,
  account: AccountRow,
  jobId: number,
  status: 'done' | 'failed',
  error: string | null,
  done?: number,
  total?: number,
) {
  const row = await finishJob(
    ctx.trx,
    jobId,
    { status, error, ...(done !== undefined ? { done } : {}), ...(total !== undefined ? { total } : {}) },
    ctx.now,
  );
  if (row)
    ctx.notifications.push({
      type: 'job.progress',
      data: { accountId: account.id, uin: account.uin, jobId, status, done: row.done, total: row.total },
    });
}

/**
 * A gateway may report the account's own message (without our tokenId) before the send's
 * result: that copy is the same message, so it gives way to the desk's row.
 */
async function dropEarlyEcho(ctx: ApplyContext, accountId: number, rowId: number, msgId: string) {
  const echo = await findIdByMsgId(ctx.trx, accountId, msgId);
  if (echo === undefined || echo === rowId) return;
  await repointLastMessage(ctx.trx, echo, rowId);
  await deleteMessage(ctx.trx, echo);
}
