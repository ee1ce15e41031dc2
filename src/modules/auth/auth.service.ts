import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Caller, Role } from '../../core/caller.js';
import { AppError, denied, invalidParam, notFound } from '../../core/errors.js';
import type { Clock } from '../../core/time.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import { LoginThrottle } from './login-throttle.js';
import * as repo from './operators.repository.js';
import { hashPassword, verifyPassword } from './password.js';

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export interface AuthServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  sessionDays: number;
  accounts: AccountsService;
  onAssignmentsChanged: () => Promise<void>;
}

/**
 * Sessions seen in the last few seconds, so that a console's burst of requests reads the
 * session table once. A logout takes effect at once on this node; on another API node of a
 * scale-out deployment the token may still be honoured for up to RECENT_MS.
 */
const RECENT_MS = 5_000;
const RECENT_MAX = 10_000;

export class AuthService {
  private readonly recent = new Map<string, { caller: Caller; until: number }>();
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
    await attempt.succeeded();
    const token = randomBytes(32).toString('base64url');
    const now = clock.now();
    await repo.insertSession(db, {
      token_hash: hashToken(token),
      operator_id: row.id,
      created_at: now,
      expires_at: now + sessionDays * 86_400_000,
    });
    return { token, operator: { id: row.id, username: row.username, role: row.role } };
  }

  async authenticate(token: string): Promise<Caller | undefined> {
    const hash = hashToken(token);
    const now = this.deps.clock.now();
    const known = this.recent.get(hash);
    if (known && known.until > now) return known.caller;
    const row = await repo.findSessionOperator(this.deps.db, hash, now);
    if (!row) return undefined;
    const caller: Caller = { id: row.id, username: row.username, role: row.role };
    if (this.recent.size >= RECENT_MAX) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(hash, { caller, until: Math.min(now + RECENT_MS, row.expires_at) });
    return caller;
  }

  async logout(token: string): Promise<void> {
    const hash = hashToken(token);
    this.recent.delete(hash);
    await repo.deleteSession(this.deps.db, hash);
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

  async listOperators(caller: Caller) {
    if (caller.role !== 'admin') throw denied('只有管理员可以查看系统账号');
    const rows = await repo.listOperators(this.deps.db);
    const out = [];
    for (const r of rows) {
      const ids = await this.deps.accounts.assignedIds(r.id);
      out.push({ id: r.id, username: r.username, role: r.role, uins: await this.deps.accounts.uinsOf(ids) });
    }
    return out;
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
    await this.deps.onAssignmentsChanged();
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
