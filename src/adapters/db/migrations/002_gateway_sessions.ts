import type { Kysely, Migration } from 'kysely';

/**
 * Login memory of gateway sessions (a Wechaty puppet's memory card), so a restart logs an
 * account back in without a new QR code where the puppet can. One row per account (uin);
 * read whole at gateway start and written on login and whenever the puppet saves its memory.
 * `memory` is JSON text on both databases, so one code path reads it.
 */
export const gatewaySessionsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('gateway_sessions')
      .addColumn('account_key', 'text', (c) => c.primaryKey())
      .addColumn('gateway', 'text', (c) => c.notNull())
      .addColumn('puppet', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('token_hash', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('memory', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('gateway_sessions').ifExists().execute();
  },
};
