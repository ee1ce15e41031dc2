import { destination, pino } from 'pino';
import type { MemoryBus } from '../src/adapters/bus/memory-bus.js';
import { loadConfig } from '../src/config/config.js';
import type { Caller } from '../src/core/caller.js';
import type { GatewayEvent } from '../src/ports/gateway.js';
import { INGEST_BATCH } from '../src/roles/ingest-role.js';
import { startRoles, type Running } from '../src/roles/start.js';
import { ADMIN } from './dataset.js';
import type { Scope } from './raw-sql.js';
import type { DbTarget } from './setup.js';

/** The embedded deployment's configuration on a bench database: no simulated traffic. */
export function wxConfig(target: DbTarget, dataDir: string, env: Record<string, string> = {}) {
  return loadConfig({
    DATABASE_URL: target.url,
    DATA_DIR: dataDir,
    ADMIN_PASSWORD: ADMIN.password,
    SIM_ACCOUNTS: '0',
    SIM_RATE: '0',
    LOG_LEVEL: 'warn',
    PORT: '0',
    ...env,
  });
}

/** Events in flight at once: two of ingest's batches. */
const SLICE = 2 * INGEST_BATCH;

export const wxLog = () => pino({ level: 'warn' }, destination(2));

/**
 * wxdesk as `npm start` composes it (every role in one process, in-process bus), driven the
 * way the gateway role drives it: each event published on the bus, ingest consuming in batches.
 */
export class WxSide {
  private constructor(readonly running: Running) {}

  static async start(target: DbTarget, dataDir: string): Promise<WxSide> {
    const running = await startRoles(wxConfig(target, dataDir), { log: wxLog(), ...(target.schema ? { storeSchema: target.schema } : {}) });
    return new WxSide(running);
  }

  private get bus(): MemoryBus {
    return this.running.bus as MemoryBus;
  }

  /**
   * Publishes every event as the gateway role does and waits until ingest and its
   * notifications are done. A slice at a time, as a busy gateway would deliver them, rather
   * than the whole chunk at once (which would measure holding it in memory).
   */
  async ingest(events: readonly GatewayEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += SLICE) {
      for (const e of events.slice(i, i + SLICE)) await this.bus.publish('events', e);
      await this.bus.idle();
    }
  }

  /** The service behind findLastMsgList (both variants). */
  recent(caller: Caller, isRoom: boolean, scope: Scope, page: number, pageSize: number) {
    return this.running.services.conversations.recent(caller, {
      isRoom,
      page,
      pageSize,
      ...(scope.kind === 'uin' ? { uin: scope.uin } : {}),
    });
  }

  /** The service behind GET /api/v1/conversations/:id/messages?before=. */
  history(caller: Caller, contactId: number, before: number, limit: number) {
    return this.running.services.messages.history(caller, contactId, { before, limit });
  }

  stop(): Promise<void> {
    return this.running.stop();
  }
}
