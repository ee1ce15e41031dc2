import type { SharedContext } from './context.js';
import { createMemoryCard, type StoreMemoryCard } from './memory.js';
import { accountOf, isSessionScopedId, RoomIds, uinOf } from './profiles.js';
import { Recovery } from './recovery.js';
import { PendingSends } from './sends.js';
import { SessionEvents } from './session-events.js';
import { ScanStatus, type ContactPayload, type PuppetLike, type WechatyLike } from './types.js';

export type SessionState = 'starting' | 'qr' | 'online' | 'offline' | 'stopped';

export interface SessionInit {
  uin?: string;
  token?: string | undefined;
  tokenHash: string;
  memory: Record<string, unknown>;
  enabled: boolean;
}

/** How the gateway learns that a session now speaks for an account. */
export type BindUin = (session: AccountSession, uin: string) => void;

/**
 * One WeChat account: one Wechaty bot with its own puppet and memory card. Follows the
 * puppet through QR code, login and logout; checks an online session with a heartbeat and
 * restarts a dead or failed one with exponential backoff, until it is online again or shows
 * a QR code for a person to scan. An operator's logout stops it for good.
 */
export class AccountSession {
  uin: string | undefined;
  selfId: string | undefined;
  state: SessionState = 'stopped';
  readonly puppet: PuppetLike;
  readonly rooms = new RoomIds();
  readonly sends: PendingSends;
  readonly tokenHash: string;
  /** Counts bot starts, for operators and tests. */
  starts = 0;
  private enabled: boolean;
  private readonly bot: WechatyLike;
  private readonly memory: StoreMemoryCard;
  readonly events: SessionEvents;
  private queue: Promise<void> = Promise.resolve();
  private lastQr: string | undefined;
  private readonly recovery: Recovery;
  private started = false;
  private errorLoggedAt = 0;
  private errorsSuppressed = 0;
  private closing = false;
  /** Set while an operator logs out, or when another session took over the account. */
  private quietReason: string | undefined;

  constructor(
    private readonly ctx: SharedContext,
    init: SessionInit,
    private readonly bindUin: BindUin,
  ) {
    const { modules } = ctx;
    this.uin = init.uin;
    this.enabled = init.enabled;
    this.tokenHash = init.tokenHash;
    this.sends = new PendingSends(ctx.now);
    this.puppet = new modules.Puppet(init.token ? { token: init.token } : {});
    this.memory = createMemoryCard(modules.MemoryCard, `wxdesk-${init.uin ?? 'new'}`, {
      initial: init.memory,
      persist: (memory) => this.persist(memory),
    });
    this.bot = modules.WechatyBuilder.build({ name: `wxdesk-${init.uin ?? 'new'}`, puppet: this.puppet, memory: this.memory });
    // Wechaty repeats the puppet's errors and adds its own about payloads it could not load.
    this.bot.on('error', (err) => ctx.log.debug?.({ err, uin: this.uin }, 'wechaty error'));
    this.events = new SessionEvents(ctx, this);
    this.recovery = new Recovery(ctx, {
      uin: () => this.uin,
      state: () => this.state,
      wanted: () => this.enabled && !this.closing,
      loggedIn: () => this.puppet.isLoggedIn,
      ding: () => this.puppet.ding('wxdesk'),
      dead: (reason) => this.dead(reason),
      restart: () => this.restart(),
    });
    this.listen();
  }

  /** Runs puppet events one at a time, in the order they came. */
  enqueue(what: string, fn: () => Promise<void>): void {
    this.queue = this.queue
      .then(fn)
      .catch((err: unknown) => this.ctx.log.warn({ err, uin: this.uin, event: what }, 'wechaty event not handled'));
  }

  async start(): Promise<void> {
    this.closing = false;
    this.quietReason = undefined;
    this.enabled = true;
    this.state = 'starting';
    this.started = false;
    this.starts++;
    await this.memory.load();
    await this.bot.start(); // Wechaty reports a failed start as an 'error', not by throwing
    if (!this.started) {
      this.ctx.log.warn({ uin: this.uin }, 'wechaty puppet did not start');
      this.recovery.schedule('puppet did not start');
    }
    this.recovery.beat();
  }

  /** Stops and starts the bot now (an operator asked to log an offline account in). */
  async restartNow(): Promise<void> {
    this.recovery.reset();
    await this.stopBot();
    await this.start();
  }

  /** An operator's logout: the account stays offline until someone logs it in again. */
  async logoutByOperator(): Promise<void> {
    this.enabled = false;
    this.quietReason = '主动退出登录';
    this.recovery.clear();
    if (this.uin) await this.persist(this.memory.snapshot());
    if (this.puppet.isLoggedIn) await this.puppet.logout('主动退出登录');
    else if (this.uin) this.ctx.emit({ type: 'logout', uin: this.uin, reason: '主动退出登录', at: this.ctx.now() });
    await this.stopBot();
    await this.drain();
    this.state = 'stopped';
  }

  /** Stops the bot; `reason` is what the logout says (none when another session took over). */
  async close(reason: string | null): Promise<void> {
    this.closing = true;
    if (reason === null) this.quietReason = '';
    else this.quietReason ??= reason;
    this.recovery.clear();
    await this.stopBot();
    await this.drain();
    this.state = 'stopped';
  }

  /** The QR code shown last, for a console that asks again. */
  repeatQr(): void {
    if (this.state === 'qr' && this.lastQr)
      this.ctx.emit({ type: 'qr', ...(this.uin ? { uin: this.uin } : {}), qrUrl: this.lastQr, at: this.ctx.now() });
  }

  async drain(): Promise<void> {
    await this.queue;
  }

  private listen(): void {
    const p = this.puppet;
    (p as unknown as { on(e: string, f: () => void): void }).on('start', () => {
      this.started = true;
    });
    p.on('scan', (e) => this.enqueue('scan', () => this.onScan(e.qrcode, e.status)));
    p.on('login', (e) => this.enqueue('login', () => this.onLogin(e.contactId)));
    p.on('logout', (e) => this.enqueue('logout', async () => this.onLogout(e.data)));
    p.on('dong', () => this.recovery.dong());
    p.on('error', (err) => {
      this.logError(err);
      if (this.state === 'online') this.recovery.check();
      else if (this.state === 'starting') this.recovery.schedule('puppet error');
    });
    this.events.listen(p);
  }

  /** A puppet that cannot connect reports errors in bursts: one line per 10 s, with a count. */
  private logError(err: unknown): void {
    const now = this.ctx.now();
    if (now - this.errorLoggedAt < 10_000) {
      this.errorsSuppressed++;
      return;
    }
    this.ctx.log.warn({ err, uin: this.uin, ...(this.errorsSuppressed ? { suppressed: this.errorsSuppressed } : {}) }, 'puppet error');
    this.errorLoggedAt = now;
    this.errorsSuppressed = 0;
  }

  private async onScan(qrcode: string | undefined, status: number): Promise<void> {
    if (!qrcode || (status !== ScanStatus.Waiting && status !== ScanStatus.Timeout)) return;
    this.state = 'qr';
    this.lastQr = await this.ctx.media.qrImage(qrcode);
    this.ctx.emit({ type: 'qr', ...(this.uin ? { uin: this.uin } : {}), qrUrl: this.lastQr, at: this.ctx.now() });
  }

  private async onLogin(selfId: string): Promise<void> {
    const self: ContactPayload = await this.puppet
      .contactPayload(selfId)
      .catch(() => ({ id: selfId, name: '', avatar: '', gender: 0, type: 1 }));
    let uin = this.uin ?? uinOf(selfId);
    // The iPad protocol's ids are the wxid: a different one is a different account on this session.
    if (this.uin && !isSessionScopedId(selfId) && uinOf(selfId) !== this.uin) {
      this.ctx.emit({ type: 'logout', uin: this.uin, reason: '另一个微信号在此会话扫码登录', at: this.ctx.now() });
      await this.ctx.store.remove(this.uin).catch((err: unknown) => this.ctx.log.warn({ err, uin: this.uin }, 'login memory not removed'));
      uin = uinOf(selfId);
    }
    this.selfId = selfId;
    this.state = 'online';
    this.recovery.reset();
    this.lastQr = undefined;
    this.uin = uin;
    this.bindUin(this, uin);
    // Without its memory kept the account still works now; it only needs a new scan after a restart.
    await this.persist(this.memory.snapshot()).catch((err: unknown) => this.ctx.log.error({ err, uin }, 'login memory not saved'));
    this.ctx.emit({ type: 'login', account: accountOf(uin, self), gatewayNode: this.ctx.nodeName, at: this.ctx.now() });
    // The address book follows in the background; messages need not wait for it.
    void this.events.syncAll().catch((err: unknown) => this.ctx.log.warn({ err, uin }, 'contact sync after login failed'));
  }

  private onLogout(data: string | undefined): void {
    const reason = this.quietReason;
    this.state = this.enabled ? 'offline' : 'stopped';
    if (this.uin && reason !== '')
      this.ctx.emit({ type: 'logout', uin: this.uin, reason: reason ?? data ?? '已退出登录', at: this.ctx.now() });
    this.recovery.schedule('logged out');
  }

  /** "Online" but not working: tell the operators, then restart. */
  private dead(reason: string): void {
    if (this.state !== 'online' || this.closing) return;
    this.ctx.log.warn({ uin: this.uin, reason }, 'wechaty session is dead');
    this.state = 'offline';
    this.quietReason = '';
    if (this.uin) this.ctx.emit({ type: 'logout', uin: this.uin, reason, at: this.ctx.now() });
    this.recovery.schedule(reason);
  }

  private async restart(): Promise<void> {
    await this.stopBot();
    await this.start().catch((err: unknown) => this.ctx.log.warn({ err, uin: this.uin }, 'wechaty restart failed'));
  }

  private async stopBot(): Promise<void> {
    await this.bot.stop().catch((err: unknown) => this.ctx.log.warn({ err, uin: this.uin }, 'wechaty stop failed'));
  }

  private async persist(memory: Record<string, unknown>): Promise<void> {
    if (!this.uin) return; // kept by the card until the account is known
    const { gatewayName: gateway, modules } = this.ctx;
    await this.ctx.store.save({
      key: this.uin,
      gateway,
      puppet: modules.puppetName,
      tokenHash: this.tokenHash,
      memory,
      enabled: this.enabled,
    });
  }
}
