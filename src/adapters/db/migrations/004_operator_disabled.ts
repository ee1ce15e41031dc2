import type { Kysely, Migration } from 'kysely';

/**
 * An administrator can disable an operator: it can no longer log in, its sessions are
 * deleted and its event streams closed. 1 disabled, 0 enabled (every existing operator).
 */
export const operatorDisabledMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('operators')
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('operators').dropColumn('disabled').execute();
  },
};
