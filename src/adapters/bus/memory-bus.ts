import {
  FANOUT_TOPICS,
  PARTITION_KEYS,
  type BatchHandler,
  type Bus,
  type ConsumeOptions,
  type Topic,
  type TopicMap,
} from '../../ports/bus.js';

interface Delivery<T> {
  message: T;
  attempts: number;
}

/**
 * A queue taken from the front in batches. Array.splice(0, n) moves every element behind the
 * batch: with a burst of a million events queued, draining it that way is quadratic.
 */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  take(n: number): T[] {
    const batch = this.items.slice(this.head, this.head + n);
    this.head += batch.length;
    // Drop what was taken now and then, not at every batch.
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return batch;
  }

  /** Puts a batch back in front, in its order. */
  unshift(batch: T[]): void {
    this.items = [...batch, ...this.items.slice(this.head)];
    this.head = 0;
  }

  takeAll(): T[] {
    return this.take(this.length);
  }
}

/** 32-bit FNV-1a: a stable, well-spread hash of a partition key. */
function fnv1a(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function deepFreeze(value: unknown): unknown {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

interface Consumer<T> {
  topic: Topic;
  handler: BatchHandler<T>;
  batchSize: number;
  queue: Fifo<Delivery<T>>;
  busy: boolean;
  closed: boolean;
}

export interface MemoryBusOptions {
  /** Deliveries of one message before it is dropped and reported. */
  maxAttempts?: number;
  /** Wait before a failed batch is handed over again. */
  retryDelayMs?: number;
  onDeadLetter?: (topic: Topic, message: unknown, error: unknown) => void;
}

/**
 * The embedded bus: same contract as the broker one (work queues, fan-out, ack by
 * resolving, redelivery on failure), held in this process.
 */
export class MemoryBus implements Bus {
  private readonly consumers = new Map<Topic, Consumer<unknown>[]>();
  private readonly pending = new Map<Topic, Delivery<unknown>[]>();
  private roundRobin = 0;
  private closed = false;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly options: MemoryBusOptions = {}) {}

  async publish<T extends Topic>(topic: T, message: TopicMap[T]): Promise<void> {
    if (this.closed) throw new Error('bus is closed');
    const consumers = (this.consumers.get(topic) ?? []).filter((c) => !c.closed);
    // What a broker would carry: a JSON copy, so the publisher may go on changing its object.
    // The copy is frozen and shared by every consumer: none can change what another receives.
    const delivery = { message: deepFreeze(JSON.parse(JSON.stringify(message))), attempts: 0 };
    if (FANOUT_TOPICS.has(topic)) {
      for (const c of consumers) this.enqueue(c, { ...delivery });
      return;
    }
    if (consumers.length === 0) {
      // Work queues keep messages until a consumer comes, as a durable broker queue would.
      const held = this.pending.get(topic) ?? [];
      held.push(delivery);
      this.pending.set(topic, held);
      return;
    }
    this.enqueue(this.pick(topic, consumers, delivery.message), delivery);
  }

  /** The consumer of a work-queue message: by its partition key if the topic has one, else in turn. */
  private pick(topic: Topic, consumers: Consumer<unknown>[], message: unknown): Consumer<unknown> {
    const key = (PARTITION_KEYS[topic] as ((m: unknown) => string) | undefined)?.(message);
    return consumers[(key === undefined ? this.roundRobin++ : fnv1a(key)) % consumers.length]!;
  }

  async consume<T extends Topic>(topic: T, handler: BatchHandler<TopicMap[T]>, options: ConsumeOptions = {}) {
    const consumer: Consumer<unknown> = {
      topic,
      handler: handler as BatchHandler<unknown>,
      batchSize: Math.max(1, options.batchSize ?? 1),
      queue: new Fifo(),
      busy: false,
      closed: false,
    };
    const list = this.consumers.get(topic) ?? [];
    list.push(consumer);
    this.consumers.set(topic, list);
    const held = this.pending.get(topic);
    if (held?.length) {
      this.pending.delete(topic);
      for (const d of held) this.enqueue(consumer, d);
    }
    return async () => {
      consumer.closed = true;
      this.consumers.set(
        topic,
        (this.consumers.get(topic) ?? []).filter((c) => c !== consumer),
      );
      // Unhandled work goes back to the topic for the next consumer.
      if (!FANOUT_TOPICS.has(topic)) for (const d of consumer.queue.takeAll()) await this.requeue(topic, d);
      this.wakeIdleWaiters();
    };
  }

  /** Resolves when every consumer has drained its queue (tests and shutdown). */
  async idle(): Promise<void> {
    if (this.isIdle()) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return ![...this.consumers.values()].flat().some((c) => c.busy || c.queue.length > 0);
  }

  private wakeIdleWaiters() {
    if (this.idleWaiters.length && this.isIdle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
    for (const list of this.consumers.values()) for (const c of list) c.closed = true;
    this.consumers.clear();
  }

  private async requeue(topic: Topic, d: Delivery<unknown>) {
    const consumers = (this.consumers.get(topic) ?? []).filter((c) => !c.closed);
    if (consumers.length === 0) {
      const held = this.pending.get(topic) ?? [];
      held.push(d);
      this.pending.set(topic, held);
    } else this.enqueue(this.pick(topic, consumers, d.message), d);
  }

  private enqueue(consumer: Consumer<unknown>, delivery: Delivery<unknown>) {
    consumer.queue.push(delivery);
    if (!consumer.busy) {
      consumer.busy = true;
      setImmediate(() => void this.drain(consumer));
    }
  }

  private async drain(consumer: Consumer<unknown>): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    while (consumer.queue.length > 0 && !consumer.closed) {
      const batch = consumer.queue.take(consumer.batchSize);
      for (const d of batch) d.attempts++;
      try {
        await consumer.handler(batch.map((d) => d.message));
      } catch (error) {
        const retry = batch.filter((d) => d.attempts < maxAttempts);
        for (const d of batch) if (d.attempts >= maxAttempts) this.options.onDeadLetter?.(consumer.topic, d.message, error);
        if (retry.length > 0) {
          await new Promise((r) => setTimeout(r, this.options.retryDelayMs ?? 50));
          // Unsubscribed meanwhile: the failed batch goes back to the topic, like the rest of its queue.
          if (consumer.closed && !FANOUT_TOPICS.has(consumer.topic)) for (const d of retry) await this.requeue(consumer.topic, d);
          else consumer.queue.unshift(retry);
        }
      }
      // Give the event loop a turn between batches: a backlog on one topic must not hold back
      // the other consumers (notifications reach the consoles) or HTTP requests until it is gone.
      if (consumer.queue.length > 0) await new Promise((r) => setImmediate(r));
    }
    consumer.busy = false;
    this.wakeIdleWaiters();
  }
}
