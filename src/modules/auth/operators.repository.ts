import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../store/schema.js';

type Db = Kysely<Database>;

export const findOperatorByName = (db: Db, username: string) =>
  db.selectFrom('operators').selectAll().where('username', '=', username).executeTakeFirst();

export const findOperatorById = (db: Db, id: number) => db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst();

export const listOperators = (db: Db) =>
  db.selectFrom('operators').select(['id', 'username', 'role', 'disabled', 'created_at']).orderBy('id').execute();

export const setOperatorDisabled = (db: Db, id: number, disabled: boolean) =>
  db
    .updateTable('operators')
    .set({ disabled: disabled ? 1 : 0 })
    .where('id', '=', id)
    .returning(['id', 'username', 'role', 'disabled'])
    .executeTakeFirst();

export const countOperators = async (db: Db) =>
  Number(
    (
      await db
        .selectFrom('operators')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

export const insertOperator = (db: Db, row: { username: string; password_hash: string; role: 'admin' | 'agent'; created_at: number }) =>
  db
    .insertInto('operators')
    .values({ ...row, del_seen_at: row.created_at })
    .returning(['id', 'username', 'role'])
    .executeTakeFirstOrThrow();

// The session table holds only a hash of the token: a leaked database does not leak logins.
export const insertSession = (db: Db, row: { token_hash: string; operator_id: number; expires_at: number; created_at: number }) =>
  db.insertInto('sessions').values(row).execute();

export const findSessionOperator = (db: Db, tokenHash: string, now: number) =>
  db
    .selectFrom('sessions')
    .innerJoin('operators', 'operators.id', 'sessions.operator_id')
    .select(['operators.id', 'operators.username', 'operators.role', 'sessions.expires_at'])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', now)
    .where('operators.disabled', '=', 0)
    .executeTakeFirst();

/** Deletes one session; answers whose it was (undefined when it was gone already). */
export const deleteSession = async (db: Db, tokenHash: string) =>
  (await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).returning('operator_id').executeTakeFirst())?.operator_id;

export const deleteSessionsOf = (db: Db, operatorId: number) => db.deleteFrom('sessions').where('operator_id', '=', operatorId).execute();

export const deleteExpiredSessions = (db: Db, now: number) => db.deleteFrom('sessions').where('expires_at', '<=', now).execute();

/** Moves an operator's delData cursor forward (never back). */
export const advanceDeletionCursor = (db: Db, operatorId: number, to: number) =>
  db.updateTable('operators').set({ del_seen_at: to }).where('id', '=', operatorId).where('del_seen_at', '<', to).execute();

/** The operator's delData cursor, as a sub-select for a statement that reports deletions. */
export const deletionCursorOf = (operatorId: number): RawBuilder<number> =>
  sql<number>`(select del_seen_at from operators where id = ${operatorId})`;

/** The furthest delData cursor of any operator, as a sub-select. */
export const furthestDeletionCursor = (): RawBuilder<number | null> => sql<number | null>`(select max(del_seen_at) from operators)`;

export const operatorRoles = (db: Db, ids: readonly number[]) =>
  ids.length ? db.selectFrom('operators').select(['id', 'role']).where('id', 'in', ids).execute() : Promise.resolve([]);
