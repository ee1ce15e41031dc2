import type { Notification } from '../core/notifications.js';
import { accountOf, type GatewayCommand, type GatewayEvent } from '../core/gateway-protocol.js';

/** A command on its way to the gateway node that hosts its account. */
export interface CommandEnvelope {
  correlationId: string;
  command: GatewayCommand;
}

/**
 * Topics and what travels on them. `commands` and `events` are work queues (each message to
 * one consumer); `notifications` fans out to every subscriber (every API node).
 */
export interface TopicMap {
  commands: CommandEnvelope;
  events: GatewayEvent;
  notifications: Notification;
}
export type Topic = keyof TopicMap;
export const FANOUT_TOPICS: ReadonlySet<Topic> = new Set<Topic>(['notifications']);

/**
 * Work queues whose messages carry a partition key: every message with the same key goes to
 * the same consumer (while the set of consumers stays the same), as with a consistent-hash
 * exchange. Gateway events are keyed by account, so ingest workers never write the same
 * account's contacts and conversations at once (no lock waits, no deadlocks) and each
 * account's events are stored in the order they came.
 */
export const PARTITION_KEYS: { readonly [T in Topic]?: (message: TopicMap[T]) => string } = {
  events: (e) => accountOf(e) ?? '',
};

/**
 * Acknowledged by resolving; a handler that throws gets the same messages again (at least
 * once), so every consumer must be idempotent.
 */
export type BatchHandler<T> = (batch: T[]) => Promise<void>;

export interface ConsumeOptions {
  /** Most messages handed to one call of the handler. */
  batchSize?: number;
}

export interface Bus {
  publish<T extends Topic>(topic: T, message: TopicMap[T]): Promise<void>;
  consume<T extends Topic>(topic: T, handler: BatchHandler<TopicMap[T]>, options?: ConsumeOptions): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
