import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/adapters/db/database.js';
import { initMigration } from '../../src/adapters/db/migrations/001_init.js';
import { gatewaySessionsMigration } from '../../src/adapters/db/migrations/002_gateway_sessions.js';
import { deletedPartialMigration } from '../../src/adapters/db/migrations/003_deleted_partial.js';
import { mediaVisibleTo } from '../../src/modules/messages/messages.repository.js';
import {
  T0,
  addAccount,
  addContact,
  addMessage,
  addOperator,
  captureQuery,
  openTestStore,
  queryPlan,
  type TestStore,
} from '../helpers/store.js';

// The later migrations on a store that already holds data: what they add, existing rows get.
describe('migrations on a store with data', () => {
  let ts: TestStore;
  beforeAll(async () => {
    ts = await openTestStore({ migrate: false });
    const schema =
      ts.dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(ts.db)).rows[0]?.s : undefined;
    const before = new Migrator({
      db: ts.db,
      provider: {
        getMigrations: async () => ({
          '001_init': initMigration(ts.dialect),
          '002_gateway_sessions': gatewaySessionsMigration,
          '003_deleted_partial': deletedPartialMigration,
        }),
      },
      ...(schema ? { migrationTableSchema: schema } : {}),
    });
    const { error } = await before.migrateToLatest();
    if (error) throw error;
    await sql`insert into operators (username, password_hash, role, del_seen_at, created_at) values ('old-agent', 'x', 'agent', 0, ${T0})`.execute(
      ts.db,
    );
    await migrate(ts.store);
  });
  afterAll(() => ts?.close());

  it('004: operators get `disabled`, 0 for those that existed, and new ones default to enabled', async () => {
    const old = await ts.db
      .selectFrom('operators')
      .select(['username', 'disabled'])
      .where('username', '=', 'old-agent')
      .executeTakeFirstOrThrow();
    expect(old.disabled).toBe(0);
    const fresh = await ts.db
      .insertInto('operators')
      .values({ username: 'new-agent', password_hash: 'x', role: 'agent', del_seen_at: 0, created_at: T0 })
      .returning('disabled')
      .executeTakeFirstOrThrow();
    expect(fresh.disabled).toBe(0);
  });
});

describe('mediaVisibleTo', () => {
  let ts: TestStore;
  beforeAll(async () => {
    ts = await openTestStore();
  });
  afterAll(() => ts?.close());

  it('finds a file on the accounts an operator may see, any account for administrators, no other', async () => {
    const [a, b] = [await addAccount(ts.db), await addAccount(ts.db)];
    const inA = await addContact(ts.db, a.id);
    await addMessage(ts.db, inA, { msg_type: 3, url: '/media/shared.png' });
    await addMessage(ts.db, await addContact(ts.db, b.id), { msg_type: 3, url: '/media/shared.png' });
    await addMessage(ts.db, inA, { msg_type: 3, url: '/media/only-a.png' });
    const agentOfB = await addOperator(ts.db, 'agent', [b.id]);
    const agentOfNone = await addOperator(ts.db, 'agent');
    expect(await mediaVisibleTo(ts.db, '/media/only-a.png', null)).toBe(true);
    expect(await mediaVisibleTo(ts.db, '/media/shared.png', agentOfB.id)).toBe(true);
    expect(await mediaVisibleTo(ts.db, '/media/only-a.png', agentOfB.id)).toBe(false);
    expect(await mediaVisibleTo(ts.db, '/media/shared.png', agentOfNone.id)).toBe(false);
    expect(await mediaVisibleTo(ts.db, '/media/none.png', null)).toBe(false);
  });

  it('is served by messages_media (url, account_id), over messages with a URL only', async () => {
    for (const operatorId of [null, 1]) {
      const plan = await queryPlan(ts, await captureQuery(ts.db, (d) => mediaVisibleTo(d, '/media/x.png', operatorId)));
      expect(plan).toMatch(/messages_media/);
    }
    const sqlite = ts.dialect === 'sqlite';
    const def = sqlite
      ? (await sql<{ sql: string }>`select sql from sqlite_master where name = 'messages_media'`.execute(ts.db)).rows[0]?.sql
      : (
          await sql<{
            indexdef: string;
          }>`select indexdef from pg_indexes where schemaname = current_schema() and indexname = 'messages_media'`.execute(ts.db)
        ).rows[0]?.indexdef;
    expect(def?.replace(/["\s]/g, '')).toMatch(/\(url,account_id\)WHERE\(?url(ISNOTNULL|isnotnull)\)?/i);
  });
});
