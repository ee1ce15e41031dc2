import type { AccountRow } from '../../adapters/db/schema.js';
import { FriendRequestStatus, SendStatus } from '../../core/message-types.js';
import type { CommandResultEvent, GatewayEvent } from '../../ports/gateway.js';
import { findContact } from '../contacts/contacts.repository.js';
import { findByToken, updateMessage } from '../messages/messages.repository.js';
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
      const set = c.kind === 'quitRoom' ? { is_delete: 1 } : { announcement: c.content };
      await ctx.trx
        .updateTable('contacts')
        .set({ ...set, updated_at: ctx.now })
        .where('id', '=', room.id)
        .execute();
      ctx.notifications.push({ type: 'room.updated', data: { accountId: account.id, uin: account.uin, contactId: room.id, room: c.room } });
      return;
    }
    case 'addFriendFromRoom':
    case 'addFriend':
      if (!e.ok)
        await ctx.trx
          .updateTable('friend_requests')
          .set({ status: FriendRequestStatus.failed, updated_at: ctx.now })
          .where('account_id', '=', account.id)
          .where('user_name', '=', c.userName)
          .where('status', '=', FriendRequestStatus.sent)
          .execute();
      return;
    case 'syncContacts':
      if (!e.ok) await finishJob(ctx, account, c.jobId, 'failed', e.error?.message ?? '同步失败');
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
  const status = { accepted: FriendRequestStatus.accepted, rejected: FriendRequestStatus.failed, received: FriendRequestStatus.received }[
    e.status
  ];
  const open = await ctx.trx
    .selectFrom('friend_requests')
    .select('id')
    .where('account_id', '=', account.id)
    .where('user_name', '=', e.userName)
    .where('status', '=', FriendRequestStatus.sent)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  let id: number;
  if (open && e.status !== 'received') {
    await ctx.trx.updateTable('friend_requests').set({ status, updated_at: ctx.now }).where('id', '=', open.id).execute();
    id = open.id;
  } else {
    const row = await ctx.trx
      .insertInto('friend_requests')
      .values({
        account_id: account.id,
        user_name: e.userName,
        room_user_name: e.room ?? null,
        verify: e.verify ?? '',
        status,
        created_at: ctx.now,
        updated_at: ctx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = row.id;
  }
  ctx.notifications.push({ type: 'friendRequest.updated', data: { accountId: account.id, uin: account.uin, requestId: id, status } });
}

export async function applyJobProgress(ctx: ApplyContext, account: AccountRow, e: Extract<GatewayEvent, { type: 'jobProgress' }>) {
  if (e.finished) return finishJob(ctx, account, e.jobId, e.error ? 'failed' : 'done', e.error ?? null, e.done, e.total);
  await ctx.trx
    .updateTable('jobs')
    .set({ done: e.done, total: e.total, updated_at: ctx.now })
    .where('id', '=', e.jobId)
    .where('status', '=', 'running')
    .execute();
  ctx.notifications.push({
    type: 'job.progress',
    data: { accountId: account.id, uin: account.uin, jobId: e.jobId, status: 'running', done: e.done, total: e.total },
  });
}

async function finishJob(
  ctx: ApplyContext,
  account: AccountRow,
  jobId: number,
  status: 'done' | 'failed',
  error: string | null,
  done?: number,
  total?: number,
) {
  const row = await ctx.trx
    .updateTable('jobs')
    .set({ status, error, updated_at: ctx.now, ...(done !== undefined ? { done } : {}), ...(total !== undefined ? { total } : {}) })
    .where('id', '=', jobId)
    .where('status', '=', 'running')
    .returning(['done', 'total'])
    .executeTakeFirst();
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
  const echo = await ctx.trx
    .selectFrom('messages')
    .select('id')
    .where('account_id', '=', accountId)
    .where('msg_id', '=', msgId)
    .executeTakeFirst();
  if (!echo || echo.id === rowId) return;
  await ctx.trx.updateTable('conversations').set({ last_message_id: rowId }).where('last_message_id', '=', echo.id).execute();
  await ctx.trx.deleteFrom('messages').where('id', '=', echo.id).execute();
}
