import { createHash } from 'node:crypto';
import {
  GatewayUnsupportedError,
  type CommandKind,
  type CommandOf,
  type CommandResults,
  type EventSink,
  type Gateway,
  type GatewayCommand,
} from '../../../ports/gateway.js';
import type { GatewaySession, GatewaySessionStore } from '../../../ports/gateway-sessions.js';
import { capabilitiesOf, TOKEN_PUPPETS } from './capabilities.js';
import { commandHandlers, type Handlers } from './commands.js';
import { DEFAULT_TIMING, type AdapterLogger, type SharedContext, type Timing } from './context.js';
import { MediaFiles } from './media.js';
import { AccountSession, type SessionInit, type SessionState } from './session.js';
import type { PuppetLike, WechatyModules } from './types.js';

export interface WechatyGatewayOptions {
  modules: WechatyModules;
  store: GatewaySessionStore;
  /** DATA_DIR/media: received files are saved here, files to send are read from here. */
  mediaDir: string;
  /** WECHATY_PUPPET_TOKEN split at commas: token puppets need one per account. */
  tokens: string[];
  nodeName: string;
  log: AdapterLogger;
  timing?: Partial<Timing>;
  now?: () => number;
}

export interface SessionSummary {
  key: string;
  uin: string | undefined;
  state: SessionState;
  starts: number;
  puppet: PuppetLike;
}

const hashToken = (token: string): string => (token ? createHash('sha256').update(token).digest('hex').slice(0, 16) : '');

/**
 * Real WeChat accounts through Wechaty: one bot (and puppet) per account, started by an
 * administrator's `login` and again at every start of the gateway for each account whose
 * login memory is in the store.
 */
export class WechatyGateway implements Gateway {
  readonly name = 'wechaty';
  readonly capabilities: ReadonlySet<CommandKind>;
  /** By uin once logged in; `new:<n>` while a new account waits for its QR code to be scanned. */
  private readonly sessions = new Map<string, AccountSession>();
  private readonly handlers: Handlers;
  private readonly ctx: SharedContext;
  private sink: EventSink | undefined;
  private restoring: Promise<void> = Promise.resolve();
  private stopping = false;
  private newCount = 0;

  constructor(private readonly opts: WechatyGatewayOptions) {
    const puppetName = opts.modules.puppetName;
    if (TOKEN_PUPPETS.has(puppetName) && this.tokens().length === 0)
      throw new Error(`WECHATY_PUPPET_TOKEN: ${puppetName} needs a token, one per WeChat account (several: separate them with commas)`);
    this.capabilities = capabilitiesOf(puppetName);
    this.ctx = {
      gatewayName: this.name,
      nodeName: opts.nodeName,
      modules: opts.modules,
      media: new MediaFiles(opts.mediaDir, opts.modules.FileBox),
      store: opts.store,
      log: opts.log,
      timing: { ...DEFAULT_TIMING, ...opts.timing },
      now: opts.now ?? Date.now,
      emit: (e) => this.sink?.(e),
    };
    this.handlers = commandHandlers({
      ctx: this.ctx,
      online: (uin) => this.online(uin),
      login: (uin) => this.login(uin),
      logout: (uin) => this.logout(uin),
    });
  }

  /**
   * Starts a bot for every account whose login memory is kept and not logged out by an
   * operator, one after another in the background: the gateway is ready at once.
   */
  async start(sink: EventSink): Promise<void> {
    if (this.sink) throw new Error('Wechaty 网关已经启动');
    this.sink = sink;
    const saved = await this.opts.store.list(this.name);
    this.restoring = this.restore(saved.filter((s) => s.enabled)).catch((err: unknown) =>
      this.opts.log.error({ err }, 'wechaty sessions not restored'),
    );
  }

  private async restore(saved: GatewaySession[]): Promise<void> {
    for (const s of saved) {
      if (this.stopping) return;
      // One account that cannot start must not keep the others from starting.
      try {
        const session = this.fromStore(s);
        // Not online until its puppet says so (the row may still say online from before a crash).
        this.ctx.emit({ type: 'logout', uin: s.key, reason: '网关启动，正在恢复登录', at: this.ctx.now() });
        await this.bounded(session.start());
      } catch (err) {
        this.opts.log.error({ err, uin: s.key }, 'wechaty session not restored');
      }
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.restoring;
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((s) => s.close('网关已停止')));
    this.sink = undefined;
    this.stopping = false;
  }

  async execute<K extends CommandKind>(command: CommandOf<K>): Promise<CommandResults[K]> {
    const kind = (command as GatewayCommand).kind;
    if (!Object.hasOwn(this.handlers, kind) || !this.capabilities.has(kind)) throw new GatewayUnsupportedError(this.name, kind);
    if (!this.sink) throw new Error('Wechaty 网关未启动');
    const handler = this.handlers[kind as K] as (c: CommandOf<K>) => Promise<CommandResults[K]>;
    return handler(command);
  }

  /** The live sessions, for operators and tests (the mock puppet's Mocker hangs off `puppet`). */
  sessionList(): SessionSummary[] {
    return [...this.sessions.entries()].map(([key, s]) => ({ key, uin: s.uin, state: s.state, starts: s.starts, puppet: s.puppet }));
  }

  private online(uin: string): AccountSession {
    const s = this.sessions.get(uin);
    if (!s) throw new Error(`账号 uin=${uin} 不在此 Wechaty 网关上`);
    if (s.state !== 'online') throw new Error(`账号 uin=${uin} 未登录`);
    return s;
  }

  /** No uin: a new account (its QR code follows as an event). A uin: log that account in again. */
  private async login(uin: string | undefined): Promise<CommandResults['login']> {
    if (!uin) {
      const token = this.freeToken();
      const key = `new:${++this.newCount}`;
      const session = this.create({ token, tokenHash: hashToken(token ?? ''), memory: {}, enabled: true }, key);
      await this.bounded(session.start());
      this.expireUnscanned(key, session);
      return {};
    }
    let session = this.sessions.get(uin);
    if (!session) {
      const saved = await this.opts.store.get(uin);
      if (!saved || saved.gateway !== this.name) throw new Error(`账号 uin=${uin} 没有 Wechaty 登录记录: 请添加账号并扫码登录`);
      session = this.fromStore(saved);
    }
    if (session.state === 'stopped') await this.bounded(session.start());
    else if (session.state === 'offline') await this.bounded(session.restartNow());
    else session.repeatQr();
    return { uin };
  }

  private async logout(uin: string): Promise<CommandResults['logout']> {
    const s = this.sessions.get(uin);
    if (!s) throw new Error(`账号 uin=${uin} 不在此 Wechaty 网关上`);
    await s.logoutByOperator();
    // Its token is free for another account; logging it in again starts a new bot from the store.
    if (this.sessions.get(uin) === s) this.sessions.delete(uin);
    return {};
  }

  /**
   * A session for a kept login: its own token when that is still configured and free, else
   * another free one (a different token is a different login: the old memory is not for it).
   */
  private fromStore(saved: GatewaySession): AccountSession {
    if (saved.puppet !== this.opts.modules.puppetName)
      throw new Error(`账号 uin=${saved.key} 的登录记录属于 ${saved.puppet}, 不是 ${this.opts.modules.puppetName}`);
    const own = saved.tokenHash ? this.tokens().find((t) => hashToken(t) === saved.tokenHash) : undefined;
    const token = own !== undefined && !this.tokensInUse().has(saved.tokenHash) ? own : this.freeToken();
    const tokenHash = hashToken(token ?? '');
    const memory = tokenHash === saved.tokenHash ? saved.memory : {};
    return this.create({ uin: saved.key, token, tokenHash, memory, enabled: true }, saved.key);
  }

  /**
   * Waits for a bot to start, but not longer than a command may take: a slow puppet goes on
   * starting and reports its QR code or login as events.
   */
  private async bounded(start: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const slow = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.ctx.timing.startWaitMs);
    });
    try {
      await Promise.race([start, slow]);
    } finally {
      clearTimeout(timer);
    }
    start.catch((err: unknown) => this.opts.log.warn({ err }, 'wechaty session start failed'));
  }

  private create(init: SessionInit, key: string): AccountSession {
    const session = new AccountSession(this.ctx, init, (s, uin) => this.bind(s, uin));
    this.sessions.set(key, session);
    return session;
  }

  /** A session now speaks for `uin`: key it so; a session that spoke for it before steps down. */
  private bind(session: AccountSession, uin: string): void {
    for (const [key, s] of this.sessions) if (s === session && key !== uin) this.sessions.delete(key);
    const before = this.sessions.get(uin);
    this.sessions.set(uin, session);
    if (before && before !== session) void before.close(null);
  }

  /** A new account whose QR code nobody scans is stopped after pendingLoginTtlMs. */
  private expireUnscanned(key: string, session: AccountSession): void {
    setTimeout(() => {
      if (session.uin || this.sessions.get(key) !== session) return;
      this.sessions.delete(key);
      void session.close(null);
    }, this.ctx.timing.pendingLoginTtlMs).unref();
  }

  private tokens(): string[] {
    return this.opts.tokens.map((t) => t.trim()).filter(Boolean);
  }

  private tokensInUse(): Set<string> {
    return new Set([...this.sessions.values()].filter((s) => s.state !== 'stopped').map((s) => s.tokenHash));
  }

  /** A token no live session uses (none when the puppet needs none). */
  private freeToken(): string | undefined {
    const tokens = this.tokens();
    if (tokens.length === 0) return undefined;
    const used = this.tokensInUse();
    const free = tokens.find((t) => !used.has(hashToken(t)));
    if (free === undefined) throw new Error(`WECHATY_PUPPET_TOKEN 中的 ${tokens.length} 个 token 都已被账号占用: 每个账号需要自己的 token`);
    return free;
  }
}
