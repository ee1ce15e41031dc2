import net from 'node:net';
import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/**
 * Every variable wxdesk reads, documented where it is declared. The rest of the code
 * receives the frozen Config and never touches process.env.
 */
const EnvSchema = Type.Object({
  /** HTTP listen port. */
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  /** HTTP listen address. */
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  /** SQLite file and media files live here. */
  DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  /** `sqlite:<file>` (default under DATA_DIR) or `postgres://user@host/db`. */
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^(sqlite:|postgres(ql)?://)' })),
  /** Unset: in-process bus. `amqp://…` for RabbitMQ. */
  BROKER_URL: Type.Optional(Type.String({ pattern: '^amqps?://' })),
  /** Which roles this process runs. */
  ROLE: Type.Union([Type.Literal('all'), Type.Literal('api'), Type.Literal('gateway'), Type.Literal('ingest')], {
    default: 'all',
  }),
  /** How WeChat is reached. */
  GATEWAY: Type.Union([Type.Literal('simulator'), Type.Literal('wechaty')], { default: 'simulator' }),
  /** With GATEWAY=wechaty: the puppet package (wechaty-puppet-padlocal, -wechat4u, -service, -mock). */
  WECHATY_PUPPET: Type.Optional(Type.String()),
  /** Token of padlocal / puppet-service: one per WeChat account, several separated by commas. */
  WECHATY_PUPPET_TOKEN: Type.Optional(Type.String()),
  /** The first operator, created at first start. */
  ADMIN_USER: Type.String({ minLength: 1, maxLength: 64, default: 'admin' }),
  /** Unset: generated and printed once at first start. */
  ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 1 })),
  /** Simulated world: seed, number of accounts, inbound messages per second per account. */
  SIM_SEED: Type.Integer({ default: 1 }),
  SIM_ACCOUNTS: Type.Integer({ minimum: 0, maximum: 500, default: 3 }),
  SIM_RATE: Type.Number({ minimum: 0, maximum: 1000, default: 0.2 }),
  /** Milliseconds before a simulated person accepts a friend request or answers a message. */
  SIM_DELAY_MS: Type.Integer({ minimum: 0, default: 2000 }),
  /** Time zone of the contract's `createTime` strings. */
  TZ_DISPLAY: Type.String({ minLength: 1, default: 'Asia/Shanghai' }),
  /** pino log level. */
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  /** Ingest batches written at once; unset: 2 on PostgreSQL, 1 on SQLite (one writer). */
  INGEST_WORKERS: Type.Optional(Type.Integer({ minimum: 1, maximum: 16 })),
  /** Days a login session lasts. */
  SESSION_DAYS: Type.Integer({ minimum: 1, maximum: 365, default: 7 }),
  /**
   * Behind a reverse proxy: whose `X-Forwarded-For` / `-Proto` / `-Host` to believe. `false`
   * (default): none, the client is the socket's peer. `true`: every hop (only when nothing
   * but the proxy can reach wxdesk). Or the proxies' addresses, comma-separated: IPs, CIDR
   * ranges, or `loopback`, `linklocal`, `uniquelocal`.
   */
  TRUST_PROXY: Type.String({ default: 'false' }),
  /**
   * The console's public origin (`https://desk.example.com`), where browsers reach it. Cookie
   * requests must come from this origin (unset: from the request's own host). `https://`
   * also marks the session cookie `Secure` and sends HSTS.
   */
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
});

type Env = Static<typeof EnvSchema>;

export interface Config extends Omit<Env, 'DATABASE_URL' | 'TRUST_PROXY'> {
  readonly DATABASE_URL: string;
  /** Fastify's `trustProxy`: off, every hop, or these proxies. */
  readonly TRUST_PROXY: boolean | readonly string[];
  /** Normalised to an origin (scheme, host and port; no path). */
  readonly PUBLIC_URL?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

/** Reads and validates the environment once; reports every bad variable at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const known = Object.keys(EnvSchema.properties);
  const raw: Record<string, unknown> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const converted = Value.Convert(EnvSchema, Value.Default(EnvSchema, raw));
  const problems = [...Value.Errors(EnvSchema, converted)].map(
    (e) => `${e.path.slice(1) || '(root)'}: ${e.message} (got ${JSON.stringify(e.value)})`,
  );
  const parsed = converted as Env;
  const more: string[] = [];
  if (parsed.GATEWAY === 'wechaty' && !parsed.WECHATY_PUPPET) more.push('WECHATY_PUPPET: required when GATEWAY=wechaty');
  // Roles in separate processes can only reach each other through a broker.
  if (parsed.ROLE !== 'all' && !problems.some((p) => p.startsWith('ROLE:')) && !parsed.BROKER_URL)
    more.push(`ROLE=${parsed.ROLE}: needs BROKER_URL (the in-process bus only joins roles of one process)`);
  try {
    new Intl.DateTimeFormat('en', { timeZone: parsed.TZ_DISPLAY });
  } catch {
    more.push(`TZ_DISPLAY: unknown time zone ${parsed.TZ_DISPLAY}`);
  }
  const trustProxy = parseTrustProxy(parsed.TRUST_PROXY, more);
  const publicUrl =
    parsed.PUBLIC_URL === undefined || problems.some((p) => p.startsWith('PUBLIC_URL:'))
      ? undefined
      : parsePublicUrl(parsed.PUBLIC_URL, more);
  if (problems.length + more.length > 0) throw new ConfigError([...problems, ...more]);
  const dataDir = path.resolve(parsed.DATA_DIR);
  const { PUBLIC_URL: _raw, ...rest } = parsed;
  return Object.freeze({
    ...rest,
    DATA_DIR: dataDir,
    DATABASE_URL: parsed.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'wxdesk.db')}`,
    TRUST_PROXY: trustProxy,
    ...(publicUrl ? { PUBLIC_URL: publicUrl } : {}),
  });
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function parseTrustProxy(value: string, problems: string[]): boolean | readonly string[] {
  const v = value.trim().toLowerCase();
  if (v === 'false') return false;
  if (v === 'true') return true;
  const items = value.split(',').map((s) => s.trim());
  const bad = items.filter((item) => {
    if (PROXY_NAMES.has(item)) return false;
    const [ip, bits, extra] = item.split('/');
    const family = net.isIP(ip ?? '');
    if (!family || extra !== undefined) return true;
    if (bits === undefined) return false;
    const n = Number(bits);
    return !/^\d{1,3}$/.test(bits) || n > (family === 4 ? 32 : 128);
  });
  if (bad.length) {
    problems.push(
      `TRUST_PROXY: expected true, false or proxy addresses (IP, CIDR, loopback, linklocal, uniquelocal), got ${JSON.stringify(bad.join(','))}`,
    );
    return false;
  }
  return Object.freeze(items);
}

function parsePublicUrl(value: string, problems: string[]): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`PUBLIC_URL: not a URL (got ${JSON.stringify(value)})`);
    return undefined;
  }
  // An origin, nothing more: cookies, Origin checks and HSTS are all per origin.
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    problems.push(`PUBLIC_URL: only scheme, host and port, like https://desk.example.com (got ${JSON.stringify(value)})`);
    return undefined;
  }
  return url.origin;
}
