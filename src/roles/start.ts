import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { openBus } from '../adapters/bus/index.js';
import { migrate, openStore, type Store } from '../adapters/db/database.js';
import { gatewayRegistry, type GatewayHandle } from '../adapters/gateways/registry.js';
import { buildApp } from '../app.js';
import type { Config } from '../config/config.js';
import { systemClock, type Clock } from '../core/time.js';
import { EventHub } from '../modules/events/event-hub.js';
import { createGatewaySessionStore } from '../modules/gateway-sessions/gateway-sessions.repository.js';
import { buildServices, type Services } from '../modules/services.js';
import type { Bus } from '../ports/bus.js';
import { startGatewayRole } from './gateway-role.js';
import { startIngestRole } from './ingest-role.js';

/** Where `npm run build:console` puts the console. */
export const CONSOLE_DIR = path.resolve(import.meta.dirname, '../../dist/console');

export interface Running {
  config: Readonly<Config>;
  store: Store;
  bus: Bus;
  services: Services;
  gateway?: GatewayHandle;
  /** Built (not listening) when this process runs the api role. */
  app?: FastifyInstance;
  /** Set when the first administrator was created by this start. */
  firstAdmin?: { password: string | undefined };
  stop(): Promise<void>;
}

/**
 * Composes one process from config: store, bus, and the roles it runs (api, gateway,
 * ingest). main.ts and the tests both start wxdesk through here.
 */
export async function startRoles(
  config: Readonly<Config>,
  opts: {
    log: Logger;
    clock?: Clock;
    storeSchema?: string;
    /** A bus already open, shared with other nodes in this process (tests of several API nodes); stop() leaves it open. */
    bus?: Bus;
  },
): Promise<Running> {
  const { log } = opts;
  const clock = opts.clock ?? systemClock;
  const roles = config.ROLE === 'all' ? new Set(['api', 'gateway', 'ingest']) : new Set([config.ROLE]);
  const store = openStore(config.DATABASE_URL, opts.storeSchema ? { schema: opts.storeSchema } : {});
  await migrate(store);
  const bus = opts.bus ?? (await openBus(config.BROKER_URL, log));
  const services = buildServices({
    db: store.db,
    bus,
    clock,
    sessionDays: config.SESSION_DAYS,
    tzDisplay: config.TZ_DISPLAY,
    mediaDir: path.join(config.DATA_DIR, 'media'),
  });
  const stops: (() => Promise<void>)[] = [];
  const running: Running = { config, store, bus, services, stop: async () => {} };

  const hub = new EventHub(services);
  if (roles.has('api')) {
    // Command results reach their waiting requests, and events the consoles, through the notification stream.
    stops.push(
      await bus.consume(
        'notifications',
        async (batch) => {
          for (const n of batch) {
            if (n.type === 'command.result') services.commands.onResult(n.data);
            // Deletions on any node: delData then knows there is something to report.
            else if (n.type === 'conversation.deleted') services.conversations.noteDeletion(n.data.deletedAt);
            // A logout or a disabled operator on any node: its sessions are not honoured from this node's cache either.
            else if (n.type === 'session.ended' || n.type === 'operator.disabled') services.auth.forget(n);
          }
          await hub.handle(batch).catch((err: unknown) => log.error({ err }, 'event push failed'));
        },
        { batchSize: 100 },
      ),
    );
  }
  if (roles.has('ingest')) {
    const workers = config.INGEST_WORKERS ?? (store.dialect === 'postgres' ? 2 : 1);
    stops.push(await startIngestRole({ bus, db: store.db, clock, log, workers }));
  }
  if (roles.has('gateway')) {
    running.gateway = await gatewayRegistry[config.GATEWAY](config, `${config.GATEWAY}-1`, {
      sessions: createGatewaySessionStore(store.db, clock),
      mediaDir: path.join(config.DATA_DIR, 'media'),
      log: log.child({ component: 'gateway' }),
    });
    stops.push(await startGatewayRole({ bus, gateway: running.gateway.gateway, clock, log }));
  }
  if (roles.has('api')) {
    const first = await services.auth.ensureFirstAdmin(config.ADMIN_USER, config.ADMIN_PASSWORD);
    if (first.created) running.firstAdmin = { password: first.password };
    running.app = await buildApp({
      services,
      hub,
      sessionDays: config.SESSION_DAYS,
      consoleDir: CONSOLE_DIR,
      trustProxy: config.TRUST_PROXY,
      ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}),
      logger: log.child({ component: 'http' }, { level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL }),
      ...(running.gateway?.simulator ? { simulator: running.gateway.simulator } : {}),
    });
    const app = running.app;
    stops.unshift(async () => {
      hub.closeAll();
      await app.close();
    });
  }

  running.stop = async () => {
    for (const stop of stops) await stop().catch((err: unknown) => log.error({ err }, 'error while stopping'));
    services.commands.close();
    if (!opts.bus) await bus.close();
    await store.close();
  };
  return running;
}
