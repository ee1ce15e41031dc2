import type { HelloFrame, ServerEvent } from '../api/types';

export type LiveStatus = 'idle' | 'connecting' | 'open' | 'reconnecting';

export interface LiveSnapshot {
  status: LiveStatus;
  hello: HelloFrame['data'] | null;
  /** How many times the stream came back after a drop: lists refetch when it grows. */
  reconnects: number;
}

export interface LiveOptions {
  url: string;
  /** Injected in tests; the browser's WebSocket otherwise. */
  WebSocketImpl?: typeof WebSocket;
  /** Delay before attempt n (0-based) to reconnect. */
  backoff?: (attempt: number) => number;
  /** Called after a connection failed to open: a chance to check the session is alive. */
  onDown?: () => void;
  /**
   * The server ended the stream for good: the session was logged out (SESSION_ENDED) or the
   * operator disabled (OPERATOR_DISABLED), on this node or another. No reconnect follows.
   */
  onEnded?: (code: typeof SESSION_ENDED | typeof OPERATOR_DISABLED) => void;
}

/** Close codes the server ends a stream with when its session is over (src/modules/events/event-hub.ts). */
export const SESSION_ENDED = 4401;
export const OPERATOR_DISABLED = 4403;

/** 0.5 s, 1 s, 2 s, … up to 15 s, with a little jitter so consoles do not reconnect in step. */
export const defaultBackoff = (attempt: number): number => Math.min(15_000, 500 * 2 ** attempt) * (0.85 + Math.random() * 0.3);

/** The URL of the event stream on the page's own origin (ws: or wss:). */
export function eventsUrl(loc: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/api/v1/events`;
}

type EventHandler = (event: ServerEvent) => void;

/**
 * One WebSocket to /api/v1/events (authenticated by the session cookie) that reconnects by
 * itself with backoff. Components subscribe to its snapshot and to its events.
 */
export class LiveConnection {
  private socket: WebSocket | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private everOpened = false;
  private running = false;
  private snapshot: LiveSnapshot = { status: 'idle', hello: null, reconnects: 0 };
  private readonly listeners = new Set<() => void>();
  private readonly handlers = new Set<EventHandler>();

  constructor(private readonly opts: LiveOptions) {}

  getSnapshot = (): LiveSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  onEvent(handler: EventHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const s = this.socket;
    this.socket = null;
    if (s) {
      s.onopen = s.onmessage = s.onclose = s.onerror = null;
      s.close(1000, 'bye');
    }
    this.set({ status: 'idle', hello: null });
  }

  /** Try again now (the network came back, the tab became visible). */
  retryNow(): void {
    if (!this.running || this.snapshot.status === 'open' || this.snapshot.status === 'connecting') return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.connect();
  }

  private connect() {
    const Impl = this.opts.WebSocketImpl ?? WebSocket;
    this.set({ status: this.everOpened ? 'reconnecting' : 'connecting' });
    const socket = new Impl(this.opts.url);
    this.socket = socket;
    let helloSeen = false;
    socket.onmessage = (msg: MessageEvent) => {
      let frame: HelloFrame | ServerEvent;
      try {
        frame = JSON.parse(String(msg.data)) as HelloFrame | ServerEvent;
      } catch {
        return;
      }
      if (typeof frame !== 'object' || frame === null || typeof frame.type !== 'string') return;
      if (frame.type === 'hello') {
        helloSeen = true;
        const back = this.everOpened;
        this.everOpened = true;
        this.attempt = 0;
        this.set({ status: 'open', hello: frame.data, reconnects: this.snapshot.reconnects + (back ? 1 : 0) });
        return;
      }
      // oxlint-disable-next-line unicorn/no-useless-spread -- the copy is on purpose: a handler may subscribe or unsubscribe while the event is handed round
      for (const h of [...this.handlers]) {
        try {
          h(frame);
        } catch (err) {
          console.error('live event handler failed', err);
        }
      }
    };
    socket.onclose = (ev: CloseEvent) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (!this.running) return;
      if (ev.code === SESSION_ENDED || ev.code === OPERATOR_DISABLED) {
        this.running = false;
        this.set({ status: 'idle', hello: null });
        this.opts.onEnded?.(ev.code);
        return;
      }
      if (!helloSeen) this.opts.onDown?.();
      this.set({ status: this.everOpened ? 'reconnecting' : 'connecting' });
      const delay = (this.opts.backoff ?? defaultBackoff)(this.attempt++);
      this.timer = setTimeout(() => {
        this.timer = null;
        if (this.running) this.connect();
      }, delay);
    };
    socket.onerror = () => undefined;
  }

  private set(patch: Partial<LiveSnapshot>) {
    this.snapshot = { ...this.snapshot, ...patch };
    // oxlint-disable-next-line unicorn/no-useless-spread -- the copy is on purpose: a listener may subscribe or unsubscribe while it is told
    for (const l of [...this.listeners]) l();
  }
}
