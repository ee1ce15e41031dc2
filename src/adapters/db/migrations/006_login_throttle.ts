import type { Kysely, Migration } from 'kysely';

/**
 * Failed logins, per user name and per client address (the auth module's login throttle), in
 * the store so that every API node counts the same attempts. One small row per key, deleted
 * by a success (user names) or once stale; `blocked_until` is epoch ms, 0 when not blocked.
 */
export const loginThrottleMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('login_throttle')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('last_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('blocked_until', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('login_throttle_last_attempt').on('login_throttle').column('last_attempt_at').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('login_throttle').ifExists().execute();
  },
};
