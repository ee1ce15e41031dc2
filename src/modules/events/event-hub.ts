import type { HelloFrame } from '../../api/index.js';
import { isAdmin, type Caller } from '../../core/caller.js';
import type { Notification } from '../../core/notifications.js';
import type { Services } from '../services.js';
import { BatchViews, toServerEvent } from './to-server-event.js';

export interface EventSocket {
  send(frame: string): void;
  /** Bytes queued but not yet sent: a console that cannot keep up is dropped. */
  readonly bufferedAmount: number;
  close(code: number, reason: string): void;
}

interface Subscriber {
  caller: Caller;
  socket: EventSocket;
  /** null: every account (administrators). */
  accountIds: Set<number> | null;
}

export const SLOW_CONSUMER_BYTES = 4 * 1024 * 1024;

/**
 * Pushes events to the consoles connected to this API node; each operator receives only
 * the events of accounts it may see. Every notification is read and serialised once.
 */
export class EventHub {
  private readonly subscribers = new Set<Subscriber>();

  constructor(private readonly services: Services) {}

  get size(): number {
    return this.subscribers.size;
  }

  async add(caller: Caller, socket: EventSocket): Promise<() => void> {
    const sub: Subscriber = { caller, socket, accountIds: await this.scope(caller) };
    this.subscribers.add(sub);
    const uins = sub.accountIds ? await this.services.accounts.uinsOf([...sub.accountIds]) : null;
    const hello: HelloFrame = { type: 'hello', data: { operator: caller, uins } };
    socket.send(JSON.stringify(hello));
    return () => this.subscribers.delete(sub);
  }

  async handle(batch: readonly Notification[]): Promise<void> {
    if (this.subscribers.size === 0) return;
    const views = new BatchViews(this.services);
    await views.preload(batch);
    for (const n of batch) {
      if (n.type === 'access.changed') {
        for (const sub of this.subscribers) sub.accountIds = await this.scope(sub.caller);
        continue;
      }
      const routed = await toServerEvent(this.services, n, views);
      if (!routed) continue;
      const frame = JSON.stringify(routed.event);
      for (const sub of this.subscribers) {
        const sees = sub.accountIds === null || sub.accountIds.has(routed.accountId);
        if (sees) this.deliver(sub, frame);
      }
    }
  }

  closeAll(): void {
    for (const sub of this.subscribers) sub.socket.close(1001, 'server shutting down');
    this.subscribers.clear();
  }

  private deliver(sub: Subscriber, frame: string) {
    if (sub.socket.bufferedAmount > SLOW_CONSUMER_BYTES) {
      this.subscribers.delete(sub);
      sub.socket.close(1013, 'too slow: reconnect and reload');
      return;
    }
    sub.socket.send(frame);
  }

  private async scope(caller: Caller): Promise<Set<number> | null> {
    if (isAdmin(caller)) return null;
    return new Set((await this.services.accounts.visibleIds(caller)) ?? []);
  }
}
