import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBus, type MemoryBusOptions } from '../../src/adapters/bus/memory-bus.js';
import type { Notification } from '../../src/core/notifications.js';
import type { CommandEnvelope, Topic } from '../../src/ports/bus.js';
import { accountOf } from '../../src/ports/gateway.js';

/** A command envelope numbered n, the simplest message of a work queue. */
const cmd = (n: number): CommandEnvelope => ({ correlationId: `c${n}`, command: { kind: 'logout', uin: String(n) } });
const ids = (batch: CommandEnvelope[]) => batch.map((m) => Number(m.command.kind === 'logout' ? m.command.uin : -1));
const note = (n: number): Notification => ({ type: 'account.updated', data: { accountId: n, uin: String(n), online: true } });

function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

async function waitFor(check: () => boolean, timeoutMs = 2000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}

let buses: MemoryBus[] = [];
const newBus = (options: MemoryBusOptions = {}) => {
  const bus = new MemoryBus({ retryDelayMs: 1, ...options });
  buses.push(bus);
  return bus;
};
afterEach(async () => {
  await Promise.all(buses.map((b) => b.close()));
  buses = [];
});

describe('MemoryBus work queues', () => {
  it('delivers each message to exactly one consumer', async () => {
    const bus = newBus();
    const got: number[] = [];
    await bus.consume('commands', async (batch) => void got.push(...ids(batch)));
    for (let i = 1; i <= 5; i++) await bus.publish('commands', cmd(i));
    await bus.idle();
    expect(got).toEqual([1, 2, 3, 4, 5]);
  });

  it('shares the work of a topic round robin between two consumers', async () => {
    const bus = newBus();
    const a: number[] = [];
    const b: number[] = [];
    await bus.consume('commands', async (batch) => void a.push(...ids(batch)));
    await bus.consume('commands', async (batch) => void b.push(...ids(batch)));
    for (let i = 1; i <= 6; i++) await bus.publish('commands', cmd(i));
    await bus.idle();
    expect(a).toEqual([1, 3, 5]);
    expect(b).toEqual([2, 4, 6]);
  });

  it('hands a consumer batches of at most batchSize', async () => {
    const bus = newBus();
    const batches: number[][] = [];
    await bus.consume('commands', async (batch) => void batches.push(ids(batch)), { batchSize: 3 });
    for (let i = 1; i <= 7; i++) await bus.publish('commands', cmd(i));
    await bus.idle();
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('holds messages published before any consumer and delivers them when one subscribes', async () => {
    const bus = newBus();
    for (let i = 1; i <= 3; i++) await bus.publish('events', { type: 'logout', uin: String(i), reason: 'x', at: i });
    const got: string[] = [];
    await bus.consume('events', async (batch) => void got.push(...batch.map((e) => ('uin' in e ? String(e.uin) : ''))), { batchSize: 10 });
    await bus.idle();
    expect(got).toEqual(['1', '2', '3']);
  });

  it('gives every event of one account to the same consumer, in order, and spreads the accounts', async () => {
    const bus = newBus();
    const got: string[][] = [[], []];
    for (const i of [0, 1])
      await bus.consume('events', async (batch) => void got[i]!.push(...batch.map((e) => `${accountOf(e)}:${'at' in e ? e.at : ''}`)), {
        batchSize: 7,
      });
    const uins = Array.from({ length: 20 }, (_, i) => `10000${i}`);
    for (let at = 1; at <= 5; at++)
      for (const uin of uins)
        await bus.publish(
          'events',
          at === 1
            ? { type: 'login', account: { uin, userName: `wxid_${uin}`, nickName: uin, headImgUrl: '' }, gatewayNode: 'gw', at }
            : { type: 'logout', uin, reason: 'x', at },
        );
    await bus.idle();
    const owner = (uin: string) => got.findIndex((list) => list.some((x) => x.startsWith(`${uin}:`)));
    for (const uin of uins) {
      const mine = got[owner(uin)]!.filter((x) => x.startsWith(`${uin}:`));
      expect(mine).toEqual([1, 2, 3, 4, 5].map((at) => `${uin}:${at}`));
      expect(got[1 - owner(uin)]!.some((x) => x.startsWith(`${uin}:`))).toBe(false);
    }
    expect(got[0]!.length).toBeGreaterThan(0);
    expect(got[1]!.length).toBeGreaterThan(0);
  });

  it('redelivers the same messages to a handler that throws', async () => {
    const bus = newBus();
    const calls: number[][] = [];
    await bus.consume(
      'commands',
      async (batch) => {
        calls.push(ids(batch));
        if (calls.length === 1) throw new Error('transient');
      },
      { batchSize: 2 },
    );
    await bus.publish('commands', cmd(1));
    await bus.publish('commands', cmd(2));
    await bus.idle();
    expect(calls).toEqual([
      [1, 2],
      [1, 2],
    ]);
  });

  it('dead-letters messages after maxAttempts deliveries', async () => {
    const dead: { topic: Topic; message: unknown; error: unknown }[] = [];
    const bus = newBus({ maxAttempts: 3, onDeadLetter: (topic, message, error) => dead.push({ topic, message, error }) });
    let calls = 0;
    const boom = new Error('poison');
    const later: number[] = [];
    await bus.consume('commands', async (batch) => {
      if (ids(batch)[0] === 1) {
        calls++;
        throw boom;
      }
      later.push(...ids(batch));
    });
    await bus.publish('commands', cmd(1));
    await bus.publish('commands', cmd(2));
    await bus.idle();
    expect(calls).toBe(3);
    expect(dead).toEqual([{ topic: 'commands', message: cmd(1), error: boom }]);
    expect(later).toEqual([2]); // the queue moves on
  });

  it('hands unhandled work back when a consumer unsubscribes', async () => {
    const bus = newBus();
    const gate = deferred();
    const a: number[] = [];
    const stopA = await bus.consume('commands', async (batch) => {
      a.push(...ids(batch));
      await gate.promise;
    });
    for (let i = 1; i <= 3; i++) await bus.publish('commands', cmd(i));
    await waitFor(() => a.length === 1); // 1 in flight, 2 and 3 queued for a
    await stopA();
    const b: number[] = [];
    await bus.consume('commands', async (batch) => void b.push(...ids(batch)));
    gate.resolve();
    await bus.idle();
    expect(a).toEqual([1]);
    expect(b).toEqual([2, 3]);
  });

  it('hands back a batch that was in flight at unsubscribe and then failed', async () => {
    const bus = newBus();
    const gate = deferred();
    let inFlight = false;
    const stopA = await bus.consume('commands', async () => {
      inFlight = true;
      await gate.promise;
    });
    await bus.publish('commands', cmd(1));
    await waitFor(() => inFlight);
    await stopA();
    gate.reject(new Error('connection lost'));
    const b: number[] = [];
    await bus.consume('commands', async (batch) => void b.push(...ids(batch)));
    await waitFor(() => b.length === 1);
    expect(b).toEqual([1]);
  });

  it('delivers a copy: changing a message after publishing does not change what arrives', async () => {
    const bus = newBus();
    const got: CommandEnvelope[] = [];
    const m = cmd(1);
    await bus.publish('commands', m);
    m.correlationId = 'changed';
    (m.command as { uin: string }).uin = 'changed';
    await bus.consume('commands', async (batch) => void got.push(...batch));
    await bus.idle();
    expect(got).toEqual([cmd(1)]);
    expect(got[0]).not.toBe(m);
  });

  it('lets other consumers run between the batches of a backlog', async () => {
    const bus = newBus();
    const order: string[] = [];
    await bus.consume('commands', async (batch) => {
      order.push(...ids(batch).map((n) => `c${n}`));
      if (ids(batch)[0] === 1) await bus.publish('notifications', note(9));
    });
    await bus.consume('notifications', async (batch) => void order.push(...batch.map(() => 'n')));
    for (let i = 1; i <= 3; i++) await bus.publish('commands', cmd(i));
    await bus.idle();
    expect(order).toEqual(['c1', 'n', 'c2', 'c3']);
  });

  it('drains a large backlog in order, and idle waits for all of it', async () => {
    const bus = newBus();
    let seen = 0;
    let inOrder = true;
    await bus.consume(
      'commands',
      async (batch) => {
        for (const n of ids(batch)) inOrder &&= n === ++seen;
      },
      { batchSize: 100 },
    );
    for (let i = 1; i <= 50_000; i++) await bus.publish('commands', cmd(i));
    await bus.idle();
    expect({ seen, inOrder }).toEqual({ seen: 50_000, inOrder: true });
  });

  it('refuses to publish once closed', async () => {
    const bus = newBus();
    await bus.close();
    await expect(bus.publish('commands', cmd(1))).rejects.toThrow(/closed/);
  });
});

describe('MemoryBus fan-out', () => {
  it('delivers every notification to every consumer', async () => {
    const bus = newBus();
    const a: number[] = [];
    const b: number[] = [];
    const of = (batch: Notification[]) => batch.map((n) => (n.type === 'account.updated' ? n.data.accountId : -1));
    await bus.consume('notifications', async (batch) => void a.push(...of(batch)), { batchSize: 10 });
    await bus.consume('notifications', async (batch) => void b.push(...of(batch)));
    for (let i = 1; i <= 3; i++) await bus.publish('notifications', note(i));
    await bus.idle();
    expect(a).toEqual([1, 2, 3]);
    expect(b).toEqual([1, 2, 3]);
  });

  it('delivers messages frozen: a consumer cannot change what another receives', async () => {
    const bus = newBus();
    const seen: Notification[] = [];
    const errors: unknown[] = [];
    const gate = deferred();
    await bus.consume('notifications', async (batch) => {
      for (const n of batch)
        if (n.type === 'account.updated')
          try {
            n.data.online = false; // a careless consumer
          } catch (error) {
            errors.push(error);
          }
      gate.resolve();
    });
    await bus.consume('notifications', async (batch) => {
      await gate.promise;
      seen.push(...batch);
    });
    await bus.publish('notifications', note(1));
    await bus.idle();
    expect(seen).toEqual([note(1)]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(TypeError);
  });

  it('delivers a notification only to consumers present when it is published', async () => {
    const bus = newBus();
    await bus.publish('notifications', note(1));
    const got: Notification[] = [];
    await bus.consume('notifications', async (batch) => void got.push(...batch));
    await bus.publish('notifications', note(2));
    await bus.idle();
    expect(got).toEqual([note(2)]);
  });
});
