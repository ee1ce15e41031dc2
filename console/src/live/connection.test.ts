import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket, FakeWebSocket } from '../test/fake-socket';
import { message } from '../test/factories';
import { LiveConnection, OPERATOR_DISABLED, SESSION_ENDED, eventsUrl } from './connection';

describe('LiveConnection', () => {
  beforeEach(() => {
    FakeSocket.reset();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  const make = (onDown = vi.fn()) =>
    new LiveConnection({ url: 'ws://x/api/v1/events', WebSocketImpl: FakeWebSocket, backoff: (n) => 1000 * 2 ** n, onDown });

  it('opens on hello and hands events to subscribers', () => {
    const live = make();
    const seen: string[] = [];
    live.onEvent((e) => seen.push(e.type));
    live.start();
    expect(live.getSnapshot().status).toBe('connecting');
    FakeSocket.latest().hello(['1001']);
    expect(live.getSnapshot()).toMatchObject({ status: 'open', reconnects: 0, hello: { uins: ['1001'] } });
    FakeSocket.latest().emit({ type: 'message.updated', data: { uin: '1001', message: message() } });
    FakeSocket.latest().raw('not json at all');
    FakeSocket.latest().frame('a string');
    FakeSocket.latest().frame(null);
    expect(seen).toEqual(['message.updated']);
  });

  it('reconnects with growing backoff and counts the reconnect', () => {
    const onDown = vi.fn();
    const live = make(onDown);
    const changes = vi.fn();
    live.subscribe(changes);
    live.start();
    FakeSocket.latest().hello();
    FakeSocket.latest().drop();
    expect(live.getSnapshot().status).toBe('reconnecting');
    expect(FakeSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(FakeSocket.instances).toHaveLength(2);
    FakeSocket.latest().drop(); // the server is still down: no hello
    expect(onDown).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1999);
    expect(FakeSocket.instances).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.instances).toHaveLength(3);
    FakeSocket.latest().hello();
    expect(live.getSnapshot()).toMatchObject({ status: 'open', reconnects: 1 });
    expect(changes).toHaveBeenCalled();
    // After a good connection the backoff starts again from the first step.
    FakeSocket.latest().drop();
    vi.advanceTimersByTime(1000);
    expect(FakeSocket.instances).toHaveLength(4);
  });

  it('stops for good on stop() and retries at once on retryNow()', () => {
    const live = make();
    live.start();
    FakeSocket.latest().hello();
    FakeSocket.latest().drop();
    live.retryNow();
    expect(FakeSocket.instances).toHaveLength(2);
    live.stop();
    expect(FakeSocket.latest().closedByClient).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.instances).toHaveLength(2);
    expect(live.getSnapshot().status).toBe('idle');
  });

  it('ends for good when the server closes the stream because its session is over: no reconnect, onEnded with the reason', () => {
    for (const code of [SESSION_ENDED, OPERATOR_DISABLED]) {
      FakeSocket.reset();
      const onEnded = vi.fn();
      const onDown = vi.fn();
      const live = new LiveConnection({ url: 'ws://x/api/v1/events', WebSocketImpl: FakeWebSocket, backoff: () => 1000, onDown, onEnded });
      live.start();
      FakeSocket.latest().hello();
      FakeSocket.latest().drop(code);
      expect(onEnded).toHaveBeenCalledWith(code);
      expect(live.getSnapshot().status).toBe('idle');
      vi.advanceTimersByTime(60_000);
      expect(FakeSocket.instances).toHaveLength(1);
      expect(onDown).not.toHaveBeenCalled();
      live.retryNow();
      expect(FakeSocket.instances).toHaveLength(1);
    }
  });

  it('builds ws: or wss: from the page origin', () => {
    expect(eventsUrl({ protocol: 'http:', host: '127.0.0.1:3000' })).toBe('ws://127.0.0.1:3000/api/v1/events');
    expect(eventsUrl({ protocol: 'https:', host: 'desk.example.com' })).toBe('wss://desk.example.com/api/v1/events');
  });
});
