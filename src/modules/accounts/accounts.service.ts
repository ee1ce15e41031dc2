import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { isAdmin, type Caller } from '../../core/caller.js';
import { AppError, denied, invalidParam, notFound } from '../../core/errors.js';
import * as repo from './accounts.repository.js';
import { type AccountView } from '../../api/account.js';
import { accountOf, type Account } from './account.js';
import { toAccountView } from './account.view.js';

/** Which accounts an operator may see and act on: the one gate every service goes through. */
export class AccountsService {
  constructor(private readonly db: Kysely<Database>) {}

  async findByUin(uin: string): Promise<Account | undefined> {
    const row = await repo.findAccountByUin(this.db, uin);
    return row && accountOf(row);
  }

  async findById(id: number): Promise<Account | undefined> {
    const row = await repo.findAccountById(this.db, id);
    return row && accountOf(row);
  }

  async uinsOf(ids: number[]): Promise<string[]> {
    return ids.length ? (await repo.listAccounts(this.db, ids)).map((a) => a.uin) : [];
  }

  /** null means every account (administrators). */
  async visibleIds(caller: Caller): Promise<number[] | null> {
    return isAdmin(caller) ? null : repo.assignedAccountIds(this.db, caller.id);
  }

  async list(caller: Caller): Promise<Account[]> {
    return (await repo.listAccounts(this.db, await this.visibleIds(caller))).map(accountOf);
  }

  /** The account named by uin, if it exists (404) and the caller may work it (403). */
  async resolve(caller: Caller, uin: string): Promise<Account> {
    const account = await this.findByUin(uin);
    if (!account) throw notFound('account.not_found', uin);
    await this.authorize(caller, account);
    return account;
  }

  /** Whether the caller may work this account (403 otherwise), for an account already read. */
  async authorize(caller: Caller, account: Account): Promise<void> {
    if (!isAdmin(caller) && !(await repo.isAssigned(this.db, caller.id, account.id)))
      throw denied(`微信号 ${account.uin} 未分配给当前账号`);
  }

  /** As resolve, and checks that the account's wxid, when the call names it, is this account's. */
  async resolveNamed(caller: Caller, uin: string, wechatUserName: string | undefined, param = 'wechatUserName'): Promise<Account> {
    const account = await this.resolve(caller, uin);
    if (wechatUserName !== undefined && wechatUserName !== account.userName) throw invalidParam(param, `与 uin 对应的微信号不符`);
    return account;
  }

  /**
   * Calls the gateway answers on the spot (a user search, a member's detail) need the account
   * logged in: an account the store knows to be offline is a 409, not a gateway fault.
   */
  requireOnline(account: Account): void {
    if (!account.online) throw new AppError('conflict', `微信号 ${account.uin} 不在线, 请先登录`);
  }

  /** adminUserId in a contract call must be the caller's own id, unless the caller is an administrator. */
  checkAdminUserId(caller: Caller, adminUserId: number | undefined): void {
    if (adminUserId !== undefined && !isAdmin(caller) && adminUserId !== caller.id)
      throw denied(`adminUserId ${adminUserId} 不是当前登录账号`);
  }

  /** The accounts assigned to an operator. */
  assignedIds(operatorId: number): Promise<number[]> {
    return repo.assignedAccountIds(this.db, operatorId);
  }

  /** Replaces an operator's assignment with these accounts, at once. */
  async assign(operatorId: number, accountIds: number[]): Promise<void> {
    await this.db.transaction().execute((trx) => repo.replaceAssignments(trx, operatorId, accountIds));
  }

  /** No access check: for the event hub, which filters by account itself. */
  async viewOf(id: number): Promise<AccountView | undefined> {
    const account = await this.findById(id);
    return account && toAccountView(account);
  }
}
