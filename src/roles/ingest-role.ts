import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Clock } from '../core/time.js';
import { Notifier } from '../modules/commands/notifier.js';
import { Ingest } from '../modules/ingest/ingest.js';
import type { Bus } from '../ports/bus.js';
import type { RoleLogger } from './gateway-role.js';

/**
 * Most events per ingest transaction. Messages have random ids, so each one dirties its own
 * index pages; a larger transaction writes a shared page once (2× ingest at 200k rows over
 * 1,000, npm run bench). The price: while a backlog drains, each transaction holds SQLite's
 * write lock for up to about half a second. In steady flow a batch is whatever has arrived.
 */
export const INGEST_BATCH = 4000;

/**
 * Consumes gateway events in batches into the store; keyword changes refresh its index.
 * `workers` consumers take batches at once, each its own accounts (the events topic is
 * partitioned by account): on PostgreSQL one batch's statements run while the next is being
 * prepared. SQLite has one writer, so one worker.
 */
export async function startIngestRole(deps: { bus: Bus; db: Kysely<Database>; clock: Clock; log: RoleLogger; workers: number }) {
  const ingest = new Ingest(deps.db, new Notifier(deps.bus), deps.clock, deps.log);
  // Batched: it only looks for one type, and every stored message sends two notifications.
  const stopNotifications = await deps.bus.consume(
    'notifications',
    async (batch) => {
      if (batch.some((n) => n.type === 'keywords.changed')) ingest.invalidateKeywords();
    },
    { batchSize: 500 },
  );
  const stopWorkers: (() => Promise<void>)[] = [];
  for (let i = 0; i < deps.workers; i++)
    stopWorkers.push(await deps.bus.consume('events', (batch) => ingest.handleBatch(batch), { batchSize: INGEST_BATCH }));
  return async () => {
    for (const stop of stopWorkers) await stop();
    await stopNotifications();
  };
}
