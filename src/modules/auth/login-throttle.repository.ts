import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';

type Db = Kysely<Database>;

/**
 * Counts one more attempt of `key` unless the key is blocked, in one statement, so that
 * attempts racing on several nodes each get their own number. A key quiet since `freshAfter`
 * starts again from 1. Answers the attempt's number, or undefined while the key is blocked.
 */
export async function claimAttempt(db: Db, key: string, now: number, freshAfter: number): Promise<number | undefined> {
  const row = await db
    .insertInto('login_throttle')
    .values({ key, failures: 1, last_attempt_at: now, blocked_until: 0 })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({
          failures: sql<number>`case when login_throttle.last_attempt_at < ${freshAfter} then 1 else login_throttle.failures + 1 end`,
          last_attempt_at: now,
        })
        .where('login_throttle.blocked_until', '<=', now),
    )
    .returning('failures')
    .executeTakeFirst();
  return row?.failures;
}

/** Until when the key is blocked (0: not). */
export async function blockedUntil(db: Db, key: string): Promise<number> {
  const row = await db.selectFrom('login_throttle').select('blocked_until').where('key', '=', key).executeTakeFirst();
  return row?.blocked_until ?? 0;
}

/** Blocks the key until `until` (never shortens a longer block). */
export const block = (db: Db, key: string, until: number) =>
  db.updateTable('login_throttle').set({ blocked_until: until }).where('key', '=', key).where('blocked_until', '<', until).execute();

/** Takes one claimed attempt back: it was not a failure. */
export const release = (db: Db, key: string) =>
  db
    .updateTable('login_throttle')
    .set({ failures: sql<number>`failures - 1` })
    .where('key', '=', key)
    .where('failures', '>', 0)
    .execute();

/** Forgets the key's failures and any block. */
export const forget = (db: Db, key: string) => db.deleteFrom('login_throttle').where('key', '=', key).execute();

/** Rows with no attempt since `before` and no block left: they count nothing any more. */
export const deleteStale = (db: Db, before: number, now: number) =>
  db.deleteFrom('login_throttle').where('last_attempt_at', '<', before).where('blocked_until', '<=', now).execute();
