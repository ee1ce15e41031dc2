import { isAdmin, type Caller } from '../../core/caller.js';
import { denied } from '../../core/errors.js';
import type { CommandClient } from '../commands/command-client.js';
import type { AccountsService } from './accounts.service.js';

/**
 * Adding accounts and logging them in or out, through the gateway (administrators only).
 * Each waits for the gateway's answer, so a gateway that cannot (or a missing token, or an
 * unknown account) is reported to the caller; the QR code and login state follow as events.
 */
export class AccountLoginService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly commands: CommandClient,
  ) {}

  /** Starts a login for a new account; its QR code arrives as an `account.qr` event. */
  async add(caller: Caller): Promise<{ uin: string | null }> {
    this.adminOnly(caller);
    const result = await this.commands.request({ kind: 'login' });
    return { uin: result.uin ?? null };
  }

  /** Logs a known account in again: from its kept login memory, else with a new QR code. */
  async login(caller: Caller, uin: string): Promise<{ uin: string }> {
    this.adminOnly(caller);
    const account = await this.accounts.resolve(caller, uin);
    await this.commands.request({ kind: 'login', uin: account.uin });
    return { uin: account.uin };
  }

  async logout(caller: Caller, uin: string): Promise<{ uin: string }> {
    this.adminOnly(caller);
    const account = await this.accounts.resolve(caller, uin);
    await this.commands.request({ kind: 'logout', uin: account.uin });
    return { uin: account.uin };
  }

  private adminOnly(caller: Caller): void {
    if (!isAdmin(caller)) throw denied('只有管理员可以添加、登录或退出微信号');
  }
}
