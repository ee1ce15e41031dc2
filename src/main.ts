import { pino } from 'pino';
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { startRoles } from './roles/start.js';

/** Entry point: read config once, start the roles, listen, close gracefully on a signal. */
async function main() {
  let config: Readonly<Config>;
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
  const running = await startRoles(config, { log });
  if (running.app) {
    await running.app.listen({ port: config.PORT, host: config.HOST });
    const address = running.app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    printWelcome(`http://${config.HOST}:${port}`, config, running.firstAdmin);
  }
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    await running.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

function printWelcome(url: string, config: Readonly<Config>, firstAdmin: { password: string | undefined } | undefined) {
  const user = config.ADMIN_USER;
  const lines = [`wxdesk is running at ${url}`, `  log in: POST ${url}/api/v1/auth/login  {"username":"${user}","password":"…"}`];
  if (firstAdmin && !config.ADMIN_PASSWORD)
    lines.push(
      `  first start: administrator "${user}" created with password: ${firstAdmin.password}`,
      '  (shown once; set ADMIN_PASSWORD to choose it)',
    );
  else if (firstAdmin) lines.push(`  first start: administrator "${user}" created with the password in ADMIN_PASSWORD`);
  else lines.push(`  administrator "${user}" already exists: use the password set at its first start`);
  console.log(lines.join('\n'));
}

main().catch((err: unknown) => {
  console.error('wxdesk failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
