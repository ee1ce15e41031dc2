import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { isAdmin, type Caller } from '../../core/caller.js';
import { AppError, invalidParam, notFound } from '../../core/errors.js';
import type { Clock } from '../../core/time.js';
import type { Notifier } from '../commands/notifier.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import * as repo from './keywords.repository.js';
import type { KeywordHitView, KeywordView } from '../../api/keyword.js';

export const KEYWORD_MAX = 50;

const toHitView = (r: Awaited<ReturnType<typeof repo.listHits>>[number]): KeywordHitView => ({
  id: r.id,
  keyword: r.keyword,
  uin: r.uin,
  room: { contactId: r.room_contact_id, userName: r.room_user_name, nickName: r.room_nick_name },
  sender: r.sender_user_name,
  messageId: r.message_id,
  msgId: r.msg_id,
  content: r.content,
  time: r.created_at,
});

export class KeywordsService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly accounts: AccountsService,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
  ) {}

  /** Adds a keyword for the caller's groups; adding one that exists is not an error. */
  async add(caller: Caller, raw: string): Promise<KeywordView> {
    const keyword = raw.trim();
    if (!keyword) throw invalidParam('keyword', '不能为空');
    // oxlint-disable-next-line typescript/no-misused-spread -- the limit counts code points on purpose, as the console does
    if ([...keyword].length > KEYWORD_MAX) throw invalidParam('keyword', `长度不能超过 ${KEYWORD_MAX}`);
    const row =
      (await repo.insertKeyword(this.db, caller.id, keyword, this.clock.now())) ?? (await repo.findKeyword(this.db, caller.id, keyword));
    if (!row) throw new AppError('internal');
    await this.notifier.notify({ type: 'keywords.changed', data: {} });
    return { id: row.id, keyword: row.keyword, createdAt: row.created_at };
  }

  async list(caller: Caller): Promise<KeywordView[]> {
    return (await repo.listKeywords(this.db, caller.id)).map((r) => ({ id: r.id, keyword: r.keyword, createdAt: r.created_at }));
  }

  async remove(caller: Caller, id: number) {
    if ((await repo.deleteKeyword(this.db, caller.id, id)) === 0) throw notFound('keyword.not_found', String(id));
    await this.notifier.notify({ type: 'keywords.changed', data: {} });
  }

  /** Hits on the caller's accounts, newest first: its own keywords' (an administrator's: all). */
  async hits(caller: Caller, opts: { limit: number; beforeId?: number }): Promise<KeywordHitView[]> {
    const rows = await repo.listHits(this.db, {
      accountIds: await this.accounts.visibleIds(caller),
      operatorId: isAdmin(caller) ? null : caller.id,
      limit: opts.limit,
      ...(opts.beforeId ? { beforeId: opts.beforeId } : {}),
    });
    return rows.map(toHitView);
  }

  /**
   * No access check: for the event hub, which filters as hits() does, by account and by the
   * keyword's owner (an agent sees only its own keywords' hits), hence the owner with the hit.
   */
  async hitWithOwnerOf(id: number): Promise<{ hit: KeywordHitView; ownerId: number } | undefined> {
    const [row] = await repo.listHits(this.db, { accountIds: null, operatorId: null, limit: 1, hitId: id });
    return row && { hit: toHitView(row), ownerId: row.keyword_owner_id };
  }
}
