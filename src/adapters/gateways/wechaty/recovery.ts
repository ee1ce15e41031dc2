import type { SharedContext } from './context.js';

/** What the heartbeat and the restarts need of a session. */
export interface RecoveryHost {
  uin(): string | undefined;
  state(): 'starting' | 'qr' | 'online' | 'offline' | 'stopped';
  /** Whether the session should be running: enabled and not closing. */
  wanted(): boolean;
  loggedIn(): boolean;
  ding(): void;
  /** Reports the session dead (logout event) and has it restarted. */
  dead(reason: string): void;
  restart(): Promise<void>;
}

/**
 * Keeps one session alive. Heartbeat: every heartbeatMs an online session is asked `ding`
 * and must answer `dong` within dongTimeoutMs, still logged in; otherwise it is dead.
 * Restarts: each waits twice as long as the one before (backoffBaseMs … backoffMaxMs) and
 * is skipped when the session recovered meanwhile or shows a QR code waiting for a person.
 */
export class Recovery {
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private beatTimer: NodeJS.Timeout | undefined;
  /** Set while a heartbeat waits for its `dong`. */
  private pending: (() => void) | undefined;

  constructor(
    private readonly ctx: SharedContext,
    private readonly host: RecoveryHost,
  ) {}

  /** The puppet answered. */
  dong(): void {
    this.pending?.();
  }

  /** Arms the heartbeat; it re-arms itself while the session is wanted. */
  beat(): void {
    clearTimeout(this.beatTimer);
    if (!this.host.wanted()) return;
    this.beatTimer = setTimeout(() => {
      if (this.host.state() === 'online') this.check();
      this.beat();
    }, this.ctx.timing.heartbeatMs);
    this.beatTimer.unref();
  }

  /** One heartbeat now (also after a puppet error). */
  check(): void {
    if (this.pending) return;
    const timer = setTimeout(() => {
      this.pending = undefined;
      this.host.dead('心跳超时，正在重新连接');
    }, this.ctx.timing.dongTimeoutMs);
    this.pending = () => {
      clearTimeout(timer);
      this.pending = undefined;
      if (this.host.state() === 'online' && !this.host.loggedIn()) this.host.dead('会话已失效，正在重新连接');
    };
    try {
      this.host.ding();
    } catch (err) {
      this.ctx.log.warn({ err, uin: this.host.uin() }, 'ding failed');
    }
  }

  schedule(why: string): void {
    if (this.retryTimer || !this.host.wanted()) return;
    const t = this.ctx.timing;
    const delay = Math.min(t.backoffBaseMs * 2 ** this.attempt, t.backoffMaxMs);
    this.attempt++;
    this.ctx.log.info({ uin: this.host.uin(), why, delay, attempt: this.attempt }, 'wechaty session restart scheduled');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      const state = this.host.state();
      if (!this.host.wanted() || state === 'online' || state === 'qr') return;
      void this.host.restart().then(() => this.schedule('no login after restart'));
    }, delay);
    this.retryTimer.unref();
  }

  /** Online again: the next failure starts from the shortest wait. */
  reset(): void {
    this.attempt = 0;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  clear(): void {
    this.reset();
    clearTimeout(this.beatTimer);
    this.beatTimer = undefined;
  }
}
