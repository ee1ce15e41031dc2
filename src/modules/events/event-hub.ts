import type { HelloFrame } from '../../api/index.js';
import { isAdmin, type Caller } from '../../core/caller.js';
import type { Notification } from '../../core/notifications.js';
import { sessionIdOf } from '../auth/auth.service.js';
import type { Services } from '../services.js';
import { BatchViews, toServerEvent, type RoutedEvent } from './to-server-event.js';

export interface EventSocket {
  send(frame: string): void;
  /** Bytes queued but not yet sent: a console that cannot keep up is dropped. */
  readonly bufferedAmount: number;
  close(code: number, reason: string): void;
}

interface Subscriber {
  caller: Caller;
  socket: EventSocket;
  /** The session the socket was opened with (the hash of its token). */
  sessionId: string;
  /** null: every account (administrators). */
  accountIds: Set<number> | null;
  /** Bumped by every scope read, so only the newest one is kept when reads overlap. */
  scopeVersion: number;
  /** Events go out only after the hello frame. */
  greeted: boolean;
}

export const SLOW_CONSUMER_BYTES = 4 * 1024 * 1024;

/**
 * Close codes of the event stream (4000–4999 are the application's own): the console sees
 * why its stream ended. A reconnect with the same session is refused (401).
 */
export const CLOSE_SESSION_ENDED = 4401;
export const CLOSE_OPERATOR_DISABLED = 4403;

/**
 * Pushes events to the consoles connected to this API node; each operator receives only
 * what the API would show it: the events of accounts it may see, and of keyword hits only
 * its own keywords' (an administrator's: all). Every notification is read and serialised once.
 * A logout or a disabled operator closes its sockets, an assignment change re-scopes them, on
 * every node at once: each node's hub hears the same notifications.
 */
export class EventHub {
  private readonly subscribers = new Set<Subscriber>();

  constructor(private readonly services: Services) {}

  get size(): number {
    return this.subscribers.size;
  }

  /**
   * Registers the socket before anything is read, so no revocation or assignment change can
   * slip between the read and the registration: then checks its session still exists (a
   * logout heard before the registration is seen there), reads its scope and greets it.
   */
  async add(caller: Caller, socket: EventSocket, sessionToken: string): Promise<() => void> {
    const sub: Subscriber = {
      caller,
      socket,
      sessionId: sessionIdOf(sessionToken),
      accountIds: isAdmin(caller) ? null : new Set(),
      scopeVersion: 0,
      greeted: false,
    };
    this.subscribers.add(sub);
    const remove = () => this.subscribers.delete(sub);
    if (!(await this.services.auth.isLive(sub.sessionId))) {
      this.drop(sub, CLOSE_SESSION_ENDED, 'session ended: log in again');
      return remove;
    }
    await this.rescope([sub]);
    if (!this.subscribers.has(sub)) return remove;
    await this.greet(sub);
    return remove;
  }

  async handle(batch: readonly Notification[]): Promise<void> {
    if (this.subscribers.size === 0) return;
    const views = new BatchViews(this.services);
    await views.preload(batch);
    for (const n of batch) {
      if (await this.control(n)) continue;
      const routed = await toServerEvent(this.services, n, views);
      if (!routed) continue;
      const frame = JSON.stringify(routed.event);
      for (const sub of this.subscribers) if (sub.greeted && sees(sub, routed)) this.deliver(sub, frame);
    }
  }

  /** Acts on a notification about sessions and access rather than an event; answers whether it was one. */
  private async control(n: Notification): Promise<boolean> {
    if (n.type === 'access.changed') {
      const { operatorId } = n.data;
      await this.rescope([...this.subscribers].filter((s) => operatorId === undefined || s.caller.id === operatorId));
    } else if (n.type === 'session.ended') {
      for (const sub of this.subscribers)
        if (sub.sessionId === n.data.sessionId) this.drop(sub, CLOSE_SESSION_ENDED, 'session ended: logged out');
    } else if (n.type === 'operator.disabled') {
      for (const sub of this.subscribers)
        if (sub.caller.id === n.data.operatorId) this.drop(sub, CLOSE_OPERATOR_DISABLED, 'operator disabled');
    } else return false;
    return true;
  }

  closeAll(): void {
    for (const sub of this.subscribers) sub.socket.close(1001, 'server shutting down');
    this.subscribers.clear();
  }

  private deliver(sub: Subscriber, frame: string) {
    if (sub.socket.bufferedAmount > SLOW_CONSUMER_BYTES) {
      this.drop(sub, 1013, 'too slow: reconnect and reload');
      return;
    }
    sub.socket.send(frame);
  }

  private drop(sub: Subscriber, code: number, reason: string) {
    this.subscribers.delete(sub);
    sub.socket.close(code, reason);
  }

  private async greet(sub: Subscriber) {
    const uins = sub.accountIds ? await this.services.accounts.uinsOf([...sub.accountIds]) : null;
    if (!this.subscribers.has(sub)) return;
    const hello: HelloFrame = {
      type: 'hello',
      data: { operator: sub.caller, uins },
    };
    sub.socket.send(JSON.stringify(hello));
    sub.greeted = true;
  }

  /**
   * Reads the accounts these subscribers may see, once per operator. A greeted socket whose
   * accounts changed gets a new hello frame with them: the console then reloads its lists.
   */
  private async rescope(subs: readonly Subscriber[]) {
    const byOperator = new Map<number, Subscriber[]>();
    for (const sub of subs) {
      if (isAdmin(sub.caller)) continue;
      const list = byOperator.get(sub.caller.id) ?? [];
      list.push(sub);
      byOperator.set(sub.caller.id, list);
    }
    for (const list of byOperator.values()) {
      const versions = list.map((s) => ++s.scopeVersion);
      const ids = new Set((await this.services.accounts.visibleIds(list[0]!.caller)) ?? []);
      for (const [i, sub] of list.entries()) {
        if (versions[i] !== sub.scopeVersion || !this.subscribers.has(sub)) continue;
        const changed = !sameSet(sub.accountIds, ids);
        sub.accountIds = ids;
        if (changed && sub.greeted) await this.greet(sub);
      }
    }
  }
}

/** Whether the API would show this subscriber the event: its account, and for some events its operator or role. */
function sees(sub: Subscriber, routed: RoutedEvent): boolean {
  if (sub.accountIds !== null && !sub.accountIds.has(routed.accountId)) return false;
  if (routed.adminsOnly) return isAdmin(sub.caller);
  if (routed.ownerId !== undefined) return isAdmin(sub.caller) || sub.caller.id === routed.ownerId;
  return true;
}

function sameSet(a: Set<number> | null, b: Set<number>): boolean {
  if (!a || a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
