import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { accountOf, type Account } from '../accounts/account.js';
import type { Contact } from './contact.js';
import type { Caller } from '../../core/caller.js';
import { denied, invalidParam, notFound } from '../../core/errors.js';
import { Setting } from '../../core/message-types.js';
import type { Clock } from '../../core/time.js';
import type { Notifier } from '../commands/notifier.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import { setStarred } from '../conversations/conversations.tx.js';
import * as repo from './contacts.repository.js';
import { type ContactView } from '../../api/contact.js';
import { contactOf, toContactView, viewOfContact } from './contact.view.js';

export class ContactsService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly accounts: AccountsService,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
  ) {}

  /** A contact by id, checked against the account the call names and the caller's rights. */
  async resolveById(caller: Caller, contactId: number, account?: Account): Promise<{ account: Account; contact: Contact }> {
    const found = await repo.findContactWithAccount(this.db, contactId);
    if (!found) throw notFound('contact.not_found', String(contactId));
    const contact = contactOf(found.contact);
    const owner = accountOf(found.account);
    if (account && contact.accountId !== account.id) {
      // Not this account's contact: another operator's is forbidden, otherwise it is not found here.
      await this.accounts.authorize(caller, owner).catch(() => {
        throw denied('该联系人属于其他微信号');
      });
      throw notFound('contact.not_found', `${contactId} 不属于微信号 ${account.uin}`);
    }
    if (!account) await this.accounts.authorize(caller, owner);
    return { account: account ?? owner, contact };
  }

  /** The contact of this account with that wxid. */
  async resolveByName(
    account: Account,
    userName: string,
    code: 'contact.not_found' | 'room.not_found' = 'contact.not_found',
  ): Promise<Contact> {
    const row = await repo.findContact(this.db, account.id, userName);
    if (!row || (code === 'room.not_found' && row.is_room !== 1)) throw notFound(code, userName);
    return contactOf(row);
  }

  async list(
    caller: Caller,
    uin: string,
    opts: { isRoom: boolean; search?: string; limit: number; offset: number },
  ): Promise<ContactView[]> {
    const account = await this.accounts.resolve(caller, uin);
    const search = opts.search?.trim().toLowerCase();
    const rows = await repo.listContacts(this.db, account.id, { ...opts, friendsOnly: !opts.isRoom, ...(search ? { search } : {}) });
    return rows.map(toContactView);
  }

  async get(caller: Caller, contactId: number): Promise<ContactView> {
    return viewOfContact((await this.resolveById(caller, contactId)).contact);
  }

  /** Stores 0 default, 1 mute, 2 block, 3 star on a contact of the named account. */
  async updateSetting(
    caller: Caller,
    input: { uin?: string; wechatUserName?: string; contactId: number; setting: number },
  ): Promise<ContactView> {
    if (![0, 1, 2, 3].includes(input.setting)) throw invalidParam('setting', '只能是 0、1、2、3');
    const named = input.uin === undefined ? undefined : await this.accounts.resolveNamed(caller, input.uin, input.wechatUserName);
    const { account, contact } = await this.resolveById(caller, input.contactId, named);
    const row = await this.db.transaction().execute(async (trx) => {
      const updated = await repo.updateContact(trx, contact.id, { setting: input.setting, updated_at: this.clock.now() });
      if (updated) await setStarred(trx, contact.id, updated.is_room === 1 && input.setting === Setting.star);
      return updated;
    });
    if (!row) throw notFound('contact.not_found');
    await this.notifier.notify(
      row.is_room
        ? { type: 'room.updated', data: { accountId: account.id, uin: account.uin, contactId: row.id, room: row.user_name } }
        : { type: 'contact.updated', data: { accountId: account.id, uin: account.uin, contactIds: [row.id] } },
    );
    return toContactView(row);
  }

  /** The account's rooms that it has not quit. */
  countRooms(accountId: number): Promise<number> {
    return repo.countRooms(this.db, accountId);
  }

  /** Which of these wxids are the account's friends. */
  async friendNames(accountId: number, userNames: readonly string[]): Promise<Set<string>> {
    return new Set(await repo.friendNamesAmong(this.db, accountId, userNames));
  }

  /** No access check: for the event hub, which filters by account itself. */
  async viewsOf(ids: number[]): Promise<ContactView[]> {
    if (ids.length === 0) return [];
    return (await repo.findContactsById(this.db, ids.slice(0, 500))).map(toContactView);
  }
}
