import type { Kysely } from 'kysely';
import type { AccountRow, Database } from '../../store/schema.js';
import type { Notification } from '../../core/notifications.js';
import type { Clock } from '../../core/time.js';
import type { GatewayEvent } from '../../ports/gateway.js';
import { findAccountByUin, findAccountsByUin, setAccountStatus, upsertAccount } from '../accounts/accounts.tx.js';
import { markRemoved, saveProfiles, saveRoom } from '../contacts/contacts.tx.js';
import type { Notifier } from '../commands/notifier.js';
import { KeywordIndex } from '../keywords/keyword-index.js';
import { applyRoomMembers } from './apply-contacts.js';
import { applyMessage, applyMessages, type IncomingMessage } from './apply-message.js';
import { applyCommandResult, applyFriendRequest, applyJobProgress } from './apply-outcomes.js';
import type { ApplyContext } from './context.js';

export interface IngestLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * PostgreSQL text cannot hold NUL: strip it everywhere, on both databases alike, rather than
 * never store the event. Copies only what changes, so the usual event passes through as it is.
 */
function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return (value.includes('\u0000') ? value.replaceAll('\u0000', '') : value) as T;
  if (!value || typeof value !== 'object') return value;
  let copy: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(value)) {
    const clean = withoutNul(v);
    if (clean !== v) (copy ??= (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>)[k] = clean;
  }
  return (copy ?? value) as T;
}

/**
 * Persists gateway events: one transaction per batch, then notifications. A batch that
 * fails is retried event by event, so one bad event cannot hold back the others; the bad
 * one is thrown back to the bus for redelivery.
 */
export class Ingest {
  private keywords: Promise<KeywordIndex> | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
    private readonly log: IngestLogger,
  ) {}

  /** Keyword or assignment changes make the next batch reload the keyword index. */
  invalidateKeywords(): void {
    this.keywords = null;
  }

  async handleBatch(events: GatewayEvent[]): Promise<void> {
    try {
      await this.notifier.notifyAll(await this.applyAll(events));
    } catch (error) {
      if (events.length === 1) throw error;
      this.log.warn({ err: error, size: events.length }, 'ingest batch failed; applying one by one');
      let failure: unknown;
      for (const e of events) {
        try {
          await this.notifier.notifyAll(await this.applyAll([e]));
        } catch (err) {
          this.log.error({ err, event: e.type }, 'ingest event failed');
          failure ??= err;
        }
      }
      if (failure) throw failure;
    }
  }

  private async applyAll(events: GatewayEvent[]): Promise<Notification[]> {
    // A failed load is not kept: the next batch tries again.
    const keywords = await (this.keywords ??= KeywordIndex.load(this.db).catch((error: unknown) => {
      this.keywords = null;
      throw error;
    }));
    return this.db.transaction().execute(async (trx) => {
      // Every account the batch names, in one query; events that change one update the map.
      const uins = [...new Set(events.flatMap((e) => ('uin' in e && e.uin ? [e.uin] : [])))];
      const accounts = new Map<string, AccountRow | undefined>(uins.map((u) => [u, undefined]));
      for (let i = 0; i < uins.length; i += 500)
        for (const a of await findAccountsByUin(trx, uins.slice(i, i + 500))) accounts.set(a.uin, a);
      const ctx: ApplyContext = {
        trx,
        now: this.clock.now(),
        keywords,
        notifications: [],
        account: async (uin) => {
          if (!accounts.has(uin)) accounts.set(uin, await findAccountByUin(trx, uin));
          return accounts.get(uin);
        },
      };
      // Consecutive plain messages are stored together; anything else keeps its place in line.
      let run: IncomingMessage[] = [];
      for (const e of events.map(withoutNul)) {
        if (e.type === 'message' && !e.message.tokenId) {
          const account = await ctx.account(e.uin);
          if (account) run.push({ account, m: e.message });
          else this.log.warn({ uin: e.uin, event: e.type }, 'event for an unknown account dropped');
          continue;
        }
        if (run.length) await applyMessages(ctx, run);
        run = [];
        const changed = await this.apply(ctx, e);
        if (changed) accounts.set(changed.uin, changed);
      }
      if (run.length) await applyMessages(ctx, run);
      return ctx.notifications;
    });
  }

  /** Answers the account row when the event changed it. */
  private async apply(ctx: ApplyContext, e: GatewayEvent): Promise<AccountRow | undefined> {
    switch (e.type) {
      case 'login': {
        const a = e.account;
        const row = await upsertAccount(ctx.trx, {
          uin: a.uin,
          user_name: a.userName,
          nick_name: a.nickName,
          head_img_url: a.headImgUrl,
          gateway_node: e.gatewayNode,
          status: 1,
          created_at: ctx.now,
          last_login_at: e.at,
        });
        ctx.notifications.push({ type: 'account.updated', data: { accountId: row.id, uin: row.uin, online: true } });
        return row;
      }
      case 'logout': {
        const row = await setAccountStatus(ctx.trx, e.uin, 0);
        if (row) ctx.notifications.push({ type: 'account.updated', data: { accountId: row.id, uin: row.uin, online: false } });
        return row;
      }
      case 'qr':
        ctx.notifications.push({ type: 'account.qr', data: { ...(e.uin ? { uin: e.uin } : {}), qrUrl: e.qrUrl } });
        return undefined;
      case 'commandResult':
        await applyCommandResult(ctx, await ctx.account(e.uin), e);
        ctx.notifications.push({ type: 'command.result', data: e });
        return undefined;
      // The events of an account: below, once it is found.
      case 'message':
      case 'contact':
      case 'room':
      case 'roomMembers':
      case 'friendRequest':
      case 'jobProgress':
      default:
        break;
    }
    const account = await ctx.account(e.uin);
    if (!account) {
      this.log.warn({ uin: e.uin, event: e.type }, 'event for an unknown account dropped');
      return undefined;
    }
    switch (e.type) {
      case 'message':
        await applyMessage(ctx, account, e.message);
        break;
      case 'contact': {
        const ids = [
          ...(await saveProfiles(ctx.trx, account.id, e.contacts, ctx.now)),
          ...(await markRemoved(ctx.trx, account.id, e.removed ?? [], ctx.now)),
        ];
        if (ids.length)
          ctx.notifications.push({ type: 'contact.updated', data: { accountId: account.id, uin: account.uin, contactIds: ids } });
        break;
      }
      case 'room': {
        const row = await saveRoom(ctx.trx, account.id, e.room, ctx.now);
        ctx.notifications.push({
          type: 'room.updated',
          data: { accountId: account.id, uin: account.uin, contactId: row.id, room: row.user_name },
        });
        break;
      }
      case 'roomMembers': {
        const row = await applyRoomMembers(ctx, account.id, e.room, e.members);
        ctx.notifications.push({
          type: 'room.updated',
          data: { accountId: account.id, uin: account.uin, contactId: row.id, room: row.user_name },
        });
        break;
      }
      case 'friendRequest':
        await applyFriendRequest(ctx, account, e);
        break;
      case 'jobProgress':
        await applyJobProgress(ctx, account, e);
        break;
      default: {
        const unreachable: never = e;
        throw new Error(`unknown event ${JSON.stringify(unreachable)}`);
      }
    }
    return undefined;
  }
}
