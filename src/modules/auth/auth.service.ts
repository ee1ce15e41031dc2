import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Caller, Role } from '../../core/caller.js';
import { AppError, denied, invalidParam, notFound } from '../../core/errors.js';
import type { Clock } from '../../core/time.js';
import type { NotificationMap } from '../../core/notifications.js';
import type { OperatorSummary } from '../../api/operator.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { Notifier } from '../commands/notifier.js';
import { LoginThrottle } from './login-throttle.js';
import * as repo from './operators.repository.js';
import { hashPassword, verifyPassword } from './password.js';

/** A session's id: the hash of its token, the key of the sessions table (the token itself is never stored). */
export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('base64url');

export interface AuthServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  sessionDays: number;
  accounts: AccountsService;
  /** Announces ended sessions and disabled operators to every API node. */
  notifier: Notifier;
  onAssignmentsChanged: (operatorId: number) => Promise<void>;
}

/**
 * Sessions seen in the last few seconds, so that a console's burst of requests reads the
 * session table once. A logout or a disabled operator is announced on the bus, and every API
 * node drops the sessions it ended from this cache when it hears it (forget()).
 */
const RECENT_MS = 5_000;
const RECENT_MAX = 10_000;

export class AuthService {
  private readonly recent = new Map<string, { caller: Caller; until: number }>();
  /**
   * Grows with every revocation this node hears: a session read from the store before one is
   * not cached (the revocation may have been about it, and the read may be older than it).
   */
  private revocations = 0;
  private readonly throttle: LoginThrottle;

  constructor(private readonly deps: AuthServiceDeps) {
    this.throttle = new LoginThrottle(deps.db, deps.clock);
  }

  /** Checks the password of `username`, trying from client address `ip`; 429 while either has failed too often. */
  async login(username: string, password: string, ip: string): Promise<{ token: string; operator: Caller }> {
    const { db, clock, sessionDays } = this.deps;
    const attempt = await this.throttle.begin(ip, username);
    const row = await repo.findOperatorByName(db, username);
    // Verify against a dummy hash for unknown users too, so timing does not reveal names.
    const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
    if (!row || !ok) throw new AppError('auth.failed');
    // Said only to whoever knows the password: a disabled operator learns why it cannot log in.
    if (row.disabled) throw new AppError('auth.disabled');
    await attempt.succeeded();
    const token = randomBytes(32).toString('base64url');
    const now = clock.now();
    await repo.insertSession(db, {
      token_hash: sessionIdOf(token),
      operator_id: row.id,
      created_at: now,
      expires_at: now + sessionDays * 86_400_000,
    });
    return { token, operator: { id: row.id, username: row.username, role: row.role } };
  }

  async authenticate(token: string): Promise<Caller | undefined> {
    const hash = sessionIdOf(token);
    const now = this.deps.clock.now();
    const known = this.recent.get(hash);
    if (known && known.until > now) return known.caller;
    const heard = this.revocations;
    const row = await repo.findSessionOperator(this.deps.db, hash, now);
    if (!row) return undefined;
    const caller: Caller = { id: row.id, username: row.username, role: row.role };
    if (heard === this.revocations) {
      if (this.recent.size >= RECENT_MAX) this.recent.delete(this.recent.keys().next().value!);
      this.recent.set(hash, { caller, until: Math.min(now + RECENT_MS, row.expires_at) });
    }
    return caller;
  }

  /** Whether the session still exists in the store (no cache): for a socket that outlives its request. */
  async isLive(sessionId: string): Promise<boolean> {
    return !!(await repo.findSessionOperator(this.deps.db, sessionId, this.deps.clock.now()));
  }

  /** Ends the session in the store, then tells every API node, which drop it and close its sockets. */
  async logout(token: string): Promise<void> {
    const sessionId = sessionIdOf(token);
    const operatorId = await repo.deleteSession(this.deps.db, sessionId);
    this.forget({ type: 'session.ended', data: { sessionId } });
    if (operatorId !== undefined) await this.deps.notifier.notify({ type: 'session.ended', data: { sessionId } });
  }

  /** What every API node does on hearing that sessions ended: they are no longer honoured from the cache. */
  forget(
    n:
      | { type: 'session.ended'; data: NotificationMap['session.ended'] }
      | { type: 'operator.disabled'; data: NotificationMap['operator.disabled'] },
  ): void {
    this.revocations++;
    if (n.type === 'session.ended') this.recent.delete(n.data.sessionId);
    else for (const [hash, entry] of this.recent) if (entry.caller.id === n.data.operatorId) this.recent.delete(hash);
  }

  /**
   * Disables an operator (no login, every session deleted, its sockets closed on every API
   * node) or enables it again. An administrator cannot disable itself: someone must be left.
   */
  async setDisabled(caller: Caller, operatorId: number, disabled: boolean): Promise<OperatorSummary> {
    if (caller.role !== 'admin') throw denied('只有管理员可以停用或启用系统账号');
    if (disabled && operatorId === caller.id) throw new AppError('conflict', '不能停用当前登录的系统账号', 'disabled');
    const row = await this.deps.db.transaction().execute(async (trx) => {
      const updated = await repo.setOperatorDisabled(trx, operatorId, disabled);
      if (updated && disabled) await repo.deleteSessionsOf(trx, operatorId);
      return updated;
    });
    if (!row) throw notFound('operator.not_found', String(operatorId));
    if (disabled) {
      const n = { type: 'operator.disabled', data: { operatorId } } as const;
      this.forget(n);
      await this.deps.notifier.notify(n);
    }
    return this.summaryOf(row);
  }

  async createOperator(caller: Caller, input: { username: string; password: string; role: Role }): Promise<Caller> {
    if (caller.role !== 'admin') throw denied('只有管理员可以创建系统账号');
    if (await repo.findOperatorByName(this.deps.db, input.username))
      throw new AppError('conflict', `用户名已存在: ${input.username}`, 'username');
    return this.insert(input);
  }

  /** Creates the first administrator when the store has no operator; returns the password used. */
  async ensureFirstAdmin(username: string, password?: string): Promise<{ created: boolean; password?: string }> {
    if ((await repo.countOperators(this.deps.db)) > 0) return { created: false };
    const pw = password ?? randomBytes(12).toString('base64url');
    await this.insert({ username, password: pw, role: 'admin' });
    return { created: true, password: pw };
  }

  async listOperators(caller: Caller): Promise<OperatorSummary[]> {
    if (caller.role !== 'admin') throw denied('只有管理员可以查看系统账号');
    const rows = await repo.listOperators(this.deps.db);
    const out = [];
    for (const r of rows) out.push(await this.summaryOf(r));
    return out;
  }

  private async summaryOf(r: { id: number; username: string; role: Role; disabled: number }): Promise<OperatorSummary> {
    const uins = await this.deps.accounts.uinsOf(await this.deps.accounts.assignedIds(r.id));
    return { id: r.id, username: r.username, role: r.role, disabled: r.disabled === 1, uins };
  }

  async assignAccounts(caller: Caller, operatorId: number, uins: string[]): Promise<{ id: number; uins: string[] }> {
    if (caller.role !== 'admin') throw denied('只有管理员可以分配微信号');
    if (!(await repo.findOperatorById(this.deps.db, operatorId))) throw notFound('operator.not_found', String(operatorId));
    const accountIds: number[] = [];
    for (const uin of new Set(uins)) {
      const account = await this.deps.accounts.findByUin(uin);
      if (!account) throw invalidParam('uins', `包含不存在的微信号 ${uin}`);
      accountIds.push(account.id);
    }
    await this.deps.accounts.assign(operatorId, accountIds);
    await this.deps.onAssignmentsChanged(operatorId);
    return { id: operatorId, uins: [...new Set(uins)] };
  }

  private async insert(input: { username: string; password: string; role: Role }): Promise<Caller> {
    const row = await repo.insertOperator(this.deps.db, {
      username: input.username,
      password_hash: await hashPassword(input.password),
      role: input.role,
      created_at: this.deps.clock.now(),
    });
    return { id: row.id, username: row.username, role: row.role };
  }
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
