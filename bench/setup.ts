import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { migrate, openStore, type Dialect } from '../src/adapters/db/database.js';
import type { Database } from '../src/store/schema.js';
import { hashPassword } from '../src/modules/auth/password.js';
import { ADMIN, AGENT, T0, type Dataset } from './dataset.js';

/** Where one side's data lives: a SQLite file, or a schema of the PostgreSQL database. */
export interface DbTarget {
  url: string;
  schema?: string;
}

export interface BenchDatabases {
  dialect: Dialect;
  /** wxdesk's store; the query figures of both sides read it, so they read the same data. */
  wx: DbTarget;
  /** The raw ingest baseline writes here: same schema, same base rows. */
  raw: DbTarget;
  /** Scratch directory (media, SQLite files). */
  dir: string;
  drop(): Promise<void>;
}

/** Two empty databases: SQLite files in a temp dir, or two fresh PostgreSQL schemas dropped afterwards. */
export async function createDatabases(databaseUrl: string | undefined): Promise<BenchDatabases> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxdesk-bench-'));
  // BENCH_KEEP=1 leaves the stores behind, to replay a query or read a plan after the run.
  const keep = process.env.BENCH_KEEP === '1';
  const removeDir = () => (keep ? console.log(`BENCH_KEEP: stores left in ${dir}`) : fs.rmSync(dir, { recursive: true, force: true }));
  if (!databaseUrl?.startsWith('postgres')) {
    return {
      dialect: 'sqlite',
      wx: { url: `sqlite:${path.join(dir, 'wx.db')}` },
      raw: { url: `sqlite:${path.join(dir, 'raw.db')}` },
      dir,
      drop: async () => removeDir(),
    };
  }
  const tag = randomBytes(4).toString('hex');
  const schemas = [`bench_wx_${tag}`, `bench_raw_${tag}`];
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  for (const s of schemas) await client.query(`create schema ${s}`);
  await client.end();
  return {
    dialect: 'postgres',
    wx: { url: databaseUrl, schema: schemas[0]! },
    raw: { url: databaseUrl, schema: schemas[1]! },
    dir,
    drop: async () => {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      if (!keep) for (const s of schemas) await c.query(`drop schema if exists ${s} cascade`);
      await c.end();
      removeDir();
    },
  };
}

/**
 * wxdesk's own migration, then what exists before any message arrives: the accounts, an
 * administrator and an agent (5 accounts), the administrator's keywords, every contact.
 * Both sides get identical rows and ids.
 */
export async function seedBase(target: DbTarget, ds: Dataset, hashes: { admin: string; agent: string }): Promise<void> {
  const store = openStore(target.url, target.schema ? { schema: target.schema } : {});
  try {
    await migrate(store);
    const db = store.db;
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('operators')
        .values([
          { id: ADMIN.id, username: ADMIN.username, password_hash: hashes.admin, role: 'admin', del_seen_at: 0, created_at: T0 },
          { id: AGENT.id, username: AGENT.username, password_hash: hashes.agent, role: 'agent', del_seen_at: 0, created_at: T0 },
        ])
        .execute();
      await trx
        .insertInto('accounts')
        .values(
          ds.accounts.map((a) => ({
            id: a.id,
            uin: a.uin,
            user_name: a.userName,
            nick_name: a.nickName,
            head_img_url: '',
            status: 1,
            gateway_node: 'bench-1',
            created_at: T0,
            last_login_at: T0,
          })),
        )
        .execute();
      await trx
        .insertInto('operator_accounts')
        .values(ds.accounts.slice(0, AGENT.accounts).map((a) => ({ operator_id: AGENT.id, account_id: a.id })))
        .execute();
      await trx
        .insertInto('keywords')
        .values(ds.keywords.map((keyword, i) => ({ id: i + 1, operator_id: ADMIN.id, keyword, created_at: T0 })))
        .execute();
      for (let i = 0; i < ds.contactCount; i += 1000) {
        const rows = Array.from({ length: Math.min(1000, ds.contactCount - i) }, (_, j) => ds.contact(i + j)).map((c) => ({
          id: c.id,
          account_id: c.accountId,
          user_name: c.userName,
          nick_name: c.nickName,
          py_initial: c.pyInitial,
          py_quan_pin: c.pyQuanPin,
          is_room: c.isRoom,
          setting: c.setting,
          contact_flag: c.isRoom ? 3 : 1,
          created_at: T0,
          updated_at: T0,
        }));
        await trx.insertInto('contacts').values(rows).execute();
      }
    });
    if (store.dialect === 'postgres')
      // Explicit ids leave the sequences behind: move them on, as a real history would have.
      for (const t of ['operators', 'accounts', 'keywords', 'contacts']) await sqlSetval(store.db, t);
  } finally {
    await store.close();
  }
}

async function sqlSetval(db: Kysely<Database>, table: string) {
  await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(db);
}

export async function passwordHashes() {
  return { admin: await hashPassword(ADMIN.password), agent: await hashPassword(AGENT.password) };
}
