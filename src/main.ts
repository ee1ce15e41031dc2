import { pino } from 'pino';
import { openBus } from './adapters/bus/index.js';
import { migrate, openStore } from './adapters/db/database.js';
import { gatewayRegistry, type GatewayHandle } from './adapters/gateways/registry.js';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config/config.js';
import { systemClock } from './core/time.js';
import { buildServices } from './modules/services.js';
import { startGatewayRole } from './roles/gateway-role.js';
import { startIngestRole } from './roles/ingest-role.js';

/** Entry point: config → store, bus, gateway → the roles this process runs → HTTP. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const log = pino({ level: config.LOG_LEVEL });
  const roles = config.ROLE === 'all' ? new Set(['api', 'gateway', 'ingest']) : new Set([config.ROLE]);
  const store = openStore(config.DATABASE_URL);
  await migrate(store);
  const bus = await openBus(config.BROKER_URL, log);
  const clock = systemClock;
  const services = buildServices({ db: store.db, bus, clock, sessionDays: config.SESSION_DAYS, tzDisplay: config.TZ_DISPLAY });
  const stops: (() => Promise<void>)[] = [];

  if (roles.has('api')) {
    // Command results reach their waiting requests through the notification stream.
    stops.push(
      await bus.consume('notifications', async (batch) => {
        for (const n of batch) if (n.type === 'command.result') services.commands.onResult(n.data);
      }),
    );
  }
  if (roles.has('ingest')) stops.push(await startIngestRole({ bus, db: store.db, clock, log }));
  let handle: GatewayHandle | undefined;
  if (roles.has('gateway')) {
    handle = await gatewayRegistry[config.GATEWAY](config, `${config.GATEWAY}-1`);
    stops.push(await startGatewayRole({ bus, gateway: handle.gateway, clock, log }));
  }

  if (roles.has('api')) {
    const first = await services.auth.ensureFirstAdmin(config.ADMIN_USER, config.ADMIN_PASSWORD);
    const app = await buildApp({
      services,
      sessionDays: config.SESSION_DAYS,
      logger: { level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL },
      ...(handle?.simulator ? { simulator: handle.simulator } : {}),
    });
    await app.listen({ port: config.PORT, host: config.HOST });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    stops.unshift(() => app.close());
    printWelcome(`http://${config.HOST}:${port}`, config.ADMIN_USER, first.created ? first.password : undefined, !!config.ADMIN_PASSWORD);
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    for (const stop of stops) await stop().catch((err: unknown) => log.error({ err }, 'error while stopping'));
    services.commands.close();
    await bus.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

function printWelcome(url: string, user: string, generatedPassword: string | undefined, fromEnv: boolean) {
  const lines = [`wxdesk is running at ${url}`, `  log in: POST ${url}/api/v1/auth/login  {"username":"${user}","password":"…"}`];
  if (generatedPassword && !fromEnv) lines.push(`  first start: administrator "${user}" created with password: ${generatedPassword}`, '  (shown once; set ADMIN_PASSWORD to choose it)');
  else if (generatedPassword) lines.push(`  first start: administrator "${user}" created with ADMIN_PASSWORD`);
  else lines.push(`  administrator "${user}" already exists (password as set at first start)`);
  console.log(lines.join('\n'));
}

main().catch((err: unknown) => {
  console.error('wxdesk failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
