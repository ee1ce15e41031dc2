import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type MigrationProvider } from 'kysely';
import pg from 'pg';
import { initMigration } from './migrations/001_init.js';
import { gatewaySessionsMigration } from './migrations/002_gateway_sessions.js';
import { deletedPartialMigration } from './migrations/003_deleted_partial.js';
import { operatorDisabledMigration } from './migrations/004_operator_disabled.js';
import { messagesMediaMigration } from './migrations/005_messages_media.js';
import { loginThrottleMigration } from './migrations/006_login_throttle.js';
import { registerSqliteHandle } from '../../store/dialect.js';
import type { Database } from '../../store/schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

// int8 (ids, epoch ms, counts) as JS numbers: every value wxdesk stores fits in 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * Connection settings of the SQLite store. The page cache is 64 MB rather than SQLite's 8 MB:
 * ingest reads contacts and conversations at random across the whole desk, and with the
 * default cache those reads missed (a quarter of ingest's time at 100 accounts, npm run bench).
 */
export const SQLITE_PRAGMAS = [
  'journal_mode = WAL',
  'synchronous = NORMAL',
  'foreign_keys = ON',
  'busy_timeout = 5000',
  'cache_size = -65536',
] as const;

/** Opens the store named by DATABASE_URL (`sqlite:<file>` or `postgres://…`). */
export function openStore(databaseUrl: string, options: { schema?: string } = {}): Store {
  if (databaseUrl.startsWith('postgres')) {
    const pool = withPreparedStatements(
      new pg.Pool({
        connectionString: databaseUrl,
        max: 10,
        ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
      }),
    );
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  const file = databaseUrl.replace(/^sqlite:/, '');
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  for (const p of SQLITE_PRAGMAS) sqlite.pragma(p);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  registerSqliteHandle(db, sqlite);
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/** Statements longer than this (multi-row inserts) are rarely the same twice: not kept. */
const CACHED_SQL_MAX = 4096;
const CACHED_STATEMENTS = 300;

/**
 * Kysely prepares every query it runs, and SQLite compiles a statement on each prepare: for
 * small queries that compile cost more than running them (a third of ingest's time, measured
 * by `npm run bench`). Compiled statements are reused by their SQL text, least recently used
 * dropped. Safe because Kysely runs one query at a time on the connection.
 */
function withStatementCache(sqlite: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    if (source.length > CACHED_SQL_MAX) return prepare(source);
    let stmt = cache.get(source);
    if (stmt) cache.delete(source);
    else stmt = prepare(source);
    cache.set(source, stmt);
    if (cache.size > CACHED_STATEMENTS) cache.delete(cache.keys().next().value!);
    return stmt;
  }) as SQLite.Database['prepare'];
  return sqlite;
}

/**
 * PostgreSQL parses and plans every unnamed statement, and Kysely sends only unnamed ones;
 * node-postgres prepares a named statement once per connection and reuses it. So data
 * statements get a name made from their text (short texts only, as in the SQLite cache): the
 * recent list's four-table join is planned once per connection instead of on every request.
 */
function withPreparedStatements(pool: pg.Pool): pg.Pool {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      if (names.size > 5000) names.clear();
      names.set(text, (name = `wx_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`));
    }
    return name;
  };
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: unknown }).query = (text: unknown, values?: unknown, ...rest: unknown[]) =>
      typeof text === 'string' &&
      Array.isArray(values) &&
      text.length <= CACHED_SQL_MAX &&
      /^\s*(select|insert|update|delete|with)\b/i.test(text)
        ? query({ name: nameOf(text), text, values }, ...rest)
        : query(text, values, ...rest);
  });
  return pool;
}

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations() {
    return {
      '001_init': initMigration(this.dialect),
      '002_gateway_sessions': gatewaySessionsMigration,
      '003_deleted_partial': deletedPartialMigration,
      '004_operator_disabled': operatorDisabledMigration,
      '005_messages_media': messagesMediaMigration,
      '006_login_throttle': loginThrottleMigration,
    };
  }
}

/** Brings the schema up to date; throws with the failing migration's error. */
export async function migrate(store: Store): Promise<void> {
  // PostgreSQL: keep Kysely's bookkeeping tables in this store's own schema. Unnamed, the
  // migrator finds them in any schema of the database and then fails to use them here.
  const schema =
    store.dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(store.db)).rows[0]?.s : undefined;
  const migrator = new Migrator({
    db: store.db,
    provider: new StaticProvider(store.dialect),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  // oxlint-disable-next-line typescript/no-base-to-string -- Kysely's migration error is an Error (or whatever a migration threw); String() is the message wanted
  if (error) throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
}
