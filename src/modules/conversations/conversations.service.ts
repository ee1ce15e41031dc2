import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { isAdmin, type Caller } from '../../core/caller.js';
import { invalidParam } from '../../core/errors.js';
import type { Clock } from '../../core/time.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { Notifier } from '../commands/notifier.js';
import type { Account } from '../accounts/account.js';
import type { Contact } from '../contacts/contact.js';
import type { ContactsService } from '../contacts/contacts.service.js';
import { deleteConversationMessages } from '../messages/messages.tx.js';
import { advanceDeletionCursor } from '../auth/operators.tx.js';
import * as repo from './conversations.repository.js';
import { DeletionWatermark } from './deletion-watermark.js';
import { type ConversationView, type DeletedConversation } from '../../api/conversation.js';
import { toConversationView } from './conversation.view.js';
import type { AccountSummary } from '../../api/account.js';
import { toAccountView } from '../accounts/account.view.js';

export interface RecentInput {
  isRoom: boolean;
  uin?: string;
  page: number;
  pageSize: number;
  search?: string;
}

export class ConversationsService {
  private readonly deletions = new DeletionWatermark(() => repo.latestDeletion(this.db));

  constructor(
    private readonly db: Kysely<Database>,
    private readonly accounts: AccountsService,
    private readonly contacts: ContactsService,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
  ) {}

  /** Recent conversations of every account the caller may see (or one), newest first. */
  async recent(caller: Caller, input: RecentInput): Promise<ConversationView[]> {
    const search = input.search?.trim().toLowerCase();
    // The caller's scope (and the account, by uin) is part of the statement: a page with rows
    // proves access and is the whole answer, in one statement. An empty page for a uin may be
    // an unknown account or another operator's: only then is the account checked.
    const rows = await repo.recentConversations(this.db, {
      accountIds: null,
      ...(isAdmin(caller) ? {} : { operatorId: caller.id }),
      ...(input.uin ? { uin: input.uin } : {}),
      isRoom: input.isRoom,
      ...(search ? { search } : {}),
      limit: input.pageSize,
      offset: (input.page - 1) * input.pageSize,
    });
    if (input.uin && rows.length === 0) await this.accounts.resolve(caller, input.uin);
    return rows.map(toConversationView);
  }

  /**
   * Conversations emptied since the caller last asked, and the step that marks them seen:
   * each is reported to an operator once, so the caller commits only once its answer is
   * ready (a failed request loses nothing). The store is read only when a deletion newer
   * than the operator's cursor is known (DeletionWatermark).
   */
  async pendingDeletions(caller: Caller): Promise<{ deleted: DeletedConversation[]; commit: () => Promise<void> }> {
    const known = await this.deletions.latestKnown();
    if (this.deletions.isTold(caller.id, known)) return { deleted: [], commit: async () => {} };
    const rows = await repo.deletedUnseen(this.db, caller.id, !isAdmin(caller));
    // The rows are every deletion pending for the caller up to now: past them, and past every
    // one known before the read, the cursor may move.
    const cursor = Math.max(known, rows.at(-1)?.deleted_at ?? 0);
    return {
      deleted: rows.map((r) => ({
        contactId: r.contact_id,
        userName: r.user_name,
        uin: r.uin,
        wechatUserName: r.account_user_name,
        deletedAt: r.deleted_at,
      })),
      commit: async () => {
        await advanceDeletionCursor(this.db, caller.id, cursor);
        this.deletions.cursorStored(caller.id, cursor);
      },
    };
  }

  /**
   * Recent single chats and the conversations emptied since the caller last asked (the
   * contract's findLastMsgList). The two reads run at once; the deletions are marked seen
   * only after both succeeded, so a failed request reports them again (pendingDeletions).
   */
  async singleChatsWithDeletions(
    caller: Caller,
    input: Omit<RecentInput, 'isRoom'>,
  ): Promise<{ conversations: ConversationView[]; deleted: DeletedConversation[] }> {
    const [conversations, { deleted, commit }] = await Promise.all([
      this.recent(caller, { ...input, isRoom: false }),
      this.pendingDeletions(caller),
    ]);
    await commit();
    return { conversations, deleted };
  }

  /** A deletion committed on another node, from its notification. */
  noteDeletion(at: number): void {
    this.deletions.note(at);
  }

  /** Deletes every stored message between the account and the contact; the conversation leaves the list. */
  async deleteHistory(
    caller: Caller,
    input: { uin: string; wechatUserName: string; contactId: number; contactUserName: string },
  ): Promise<{ deleted: number }> {
    const account = await this.accounts.resolveNamed(caller, input.uin, input.wechatUserName);
    const { contact } = await this.contacts.resolveById(caller, input.contactId, account);
    if (contact.userName !== input.contactUserName) throw invalidParam('wechatContactUserName', '与 ownerId 对应的联系人不符');
    return this.erase(account, contact);
  }

  /**
   * As deleteHistory, for a contact named by its id (/api/v1): the account and the names
   * deleteHistory checks are the contact's own.
   */
  async deleteHistoryById(caller: Caller, contactId: number): Promise<{ deleted: number }> {
    const { account, contact } = await this.contacts.resolveById(caller, contactId);
    return this.erase(account, contact);
  }

  private async erase(account: Account, contact: Contact): Promise<{ deleted: number }> {
    const deleted = await this.db.transaction().execute(async (trx) => {
      // A clock tick per deletion keeps delData's "since" cursor strictly increasing, even
      // for two deletions in one millisecond (the second would otherwise never be reported).
      // Past every operator's cursor too: a conversation reported and then revived by a new
      // message no longer holds the newest time, and a deletion stamped at or before a cursor
      // would never be reported.
      const { at: last } = await repo.deletionHighWater(trx);
      const at = Math.max(this.clock.now(), last + 1);
      await repo.markDeleted(trx, contact.id, at);
      return { at, count: await deleteConversationMessages(trx, contact.id) };
    });
    this.deletions.note(deleted.at);
    await this.notifier.notify({
      type: 'conversation.deleted',
      data: { accountId: account.id, uin: account.uin, contactId: contact.id, deletedAt: deleted.at },
    });
    return { deleted: deleted.count };
  }

  async markRead(caller: Caller, contactId: number): Promise<void> {
    const { account, contact } = await this.contacts.resolveById(caller, contactId);
    await repo.markRead(this.db, contact.id);
    await this.notifier.notify({
      type: 'conversation.updated',
      data: { accountId: account.id, uin: account.uin, contactId: contact.id, unread: 0, lastTime: 0 },
    });
  }

  /** No access check: for the event hub, which filters by account itself. */
  async viewOf(contactId: number): Promise<ConversationView | null> {
    return (await this.viewsOf([contactId])).get(contactId) ?? null;
  }

  /** viewOf for many conversations in one query; deleted ones are absent. */
  async viewsOf(contactIds: readonly number[]): Promise<Map<number, ConversationView>> {
    if (contactIds.length === 0) return new Map();
    const rows = await repo.recentConversations(this.db, {
      accountIds: null,
      isRoom: null,
      contactIds,
      limit: contactIds.length,
      offset: 0,
    });
    return new Map(rows.map((r) => [r.contact_id, toConversationView(r)]));
  }

  /**
   * The accounts the caller may see, each with the unread total of its conversations: the
   * accounts pane. Here rather than in AccountsService, which every service depends on.
   */
  async accountSummaries(caller: Caller): Promise<AccountSummary[]> {
    const accounts = await this.accounts.list(caller);
    const unread = await this.unreadByAccount(accounts.map((a) => a.id));
    return accounts.map((a) => ({ ...toAccountView(a), unread: unread.get(a.id) ?? 0 }));
  }

  /** Unread messages per account, for the accounts pane. */
  async unreadByAccount(accountIds: number[]): Promise<Map<number, number>> {
    if (accountIds.length === 0) return new Map();
    const rows = await repo.unreadByAccount(this.db, accountIds);
    return new Map(rows.map((r) => [r.account_id, Number(r.unread)]));
  }
}
