import type { Kysely } from 'kysely';
import type { Database } from '../adapters/db/schema.js';
import type { Clock } from '../core/time.js';
import { Notifier } from '../modules/commands/notifier.js';
import { Ingest } from '../modules/ingest/ingest.js';
import type { Bus } from '../ports/bus.js';
import type { RoleLogger } from './gateway-role.js';

export const INGEST_BATCH = 500;

/** Consumes gateway events in batches into the store; keyword changes refresh its index. */
export async function startIngestRole(deps: { bus: Bus; db: Kysely<Database>; clock: Clock; log: RoleLogger }) {
  const ingest = new Ingest(deps.db, new Notifier(deps.bus), deps.clock, deps.log);
  const stopNotifications = await deps.bus.consume('notifications', async (batch) => {
    if (batch.some((n) => n.type === 'keywords.changed')) ingest.invalidateKeywords();
  });
  const stopEvents = await deps.bus.consume('events', (batch) => ingest.handleBatch(batch), { batchSize: INGEST_BATCH });
  return async () => {
    await stopEvents();
    await stopNotifications();
  };
}
