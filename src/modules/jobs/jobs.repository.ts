import { sql, type Kysely } from 'kysely';
import type { Database, JobRow } from '../../store/schema.js';

type Db = Kysely<Database>;

/** Running jobs of this kind that have not reported since `before` are failed as timed out. */
export const expireStale = (db: Db, accountId: number, kind: string, before: number, now: number) =>
  db
    .updateTable('jobs')
    .set({ status: 'failed', error: '超时', updated_at: now })
    .where('account_id', '=', accountId)
    .where('kind', '=', kind)
    .where('status', '=', 'running')
    .where('updated_at', '<', before)
    .execute();

/**
 * A new running job, unless one of this kind already runs for the account (undefined then):
 * the unique partial index on running jobs makes this hold across processes.
 */
export const insertRunning = (db: Db, accountId: number, kind: string, now: number): Promise<JobRow | undefined> =>
  db
    .insertInto('jobs')
    .values({ account_id: accountId, kind, status: 'running', done: 0, total: 0, error: null, created_at: now, updated_at: now })
    // A literal, not a bound parameter: SQLite matches the target to the partial index by its text.
    .onConflict((oc) => oc.columns(['account_id', 'kind']).where('status', '=', sql.lit('running')).doNothing())
    .returningAll()
    .executeTakeFirst();

export const findRunning = (db: Db, accountId: number, kind: string) =>
  db
    .selectFrom('jobs')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('kind', '=', kind)
    .where('status', '=', 'running')
    .executeTakeFirstOrThrow();

export const findJob = (db: Db, id: number) => db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();

export const listJobs = (db: Db, accountId: number, limit: number) =>
  db.selectFrom('jobs').selectAll().where('account_id', '=', accountId).orderBy('id', 'desc').limit(limit).execute();

/** Progress of a job that still runs; answers whether it does. */
export const setProgress = async (db: Db, id: number, done: number, total: number, now: number) =>
  (
    await db
      .updateTable('jobs')
      .set({ done, total, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .executeTakeFirst()
  ).numUpdatedRows > 0n;

/** Ends a job that still runs; answers its final counts, or undefined when it had already ended. */
export const finish = (
  db: Db,
  id: number,
  end: { status: 'done' | 'failed'; error: string | null; done?: number; total?: number },
  now: number,
) =>
  db
    .updateTable('jobs')
    .set({
      status: end.status,
      error: end.error,
      updated_at: now,
      ...(end.done !== undefined ? { done: end.done } : {}),
      ...(end.total !== undefined ? { total: end.total } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .returning(['done', 'total'])
    .executeTakeFirst();
