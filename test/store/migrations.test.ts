import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/adapters/db/database.js';
import { initMigration } from '../../src/adapters/db/migrations/001_init.js';
import { gatewaySessionsMigration } from '../../src/adapters/db/migrations/002_gateway_sessions.js';
import { deletedPartialMigration } from '../../src/adapters/db/migrations/003_deleted_partial.js';
import { T0, openTestStore, type TestStore } from '../helpers/store.js';

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
