import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type MigrationProvider } from 'kysely';
import pg from 'pg';
import { initMigration } from './migrations/001_init.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

// int8 (ids, epoch ms, counts) as JS numbers: every value wxdesk stores fits in 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

/** Opens the store named by DATABASE_URL (`sqlite:<file>` or `postgres://…`). */
export function openStore(databaseUrl: string, options: { schema?: string } = {}): Store {
  if (databaseUrl.startsWith('postgres')) {
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      max: 10,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  const file = databaseUrl.replace(/^sqlite:/, '');
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations() {
    return { '001_init': initMigration(this.dialect) };
  }
}

/** Brings the schema up to date; throws with the failing migration's error. */
export async function migrate(store: Store): Promise<void> {
  // PostgreSQL: keep Kysely's bookkeeping tables in this store's own schema. Unnamed, the
  // migrator finds them in any schema of the database and then fails to use them here.
  const schema =
    store.dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(store.db)).rows[0]?.s : undefined;
  const migrator = new Migrator({ db: store.db, provider: new StaticProvider(store.dialect), ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
}
