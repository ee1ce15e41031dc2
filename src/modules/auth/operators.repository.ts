import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';

type Db = Kysely<Database>;

export const findOperatorByName = (db: Db, username: string) =>
  db.selectFrom('operators').selectAll().where('username', '=', username).executeTakeFirst();

export const findOperatorById = (db: Db, id: number) => db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst();

export const listOperators = (db: Db) =>
  db.selectFrom('operators').select(['id', 'username', 'role', 'created_at']).orderBy('id').execute();

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
    .executeTakeFirst();

export const deleteSession = (db: Db, tokenHash: string) => db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();

export const deleteExpiredSessions = (db: Db, now: number) => db.deleteFrom('sessions').where('expires_at', '<=', now).execute();

/** Replaces an operator's account assignment; the edge decides the transaction. */
export async function replaceAssignments(db: Db, operatorId: number, accountIds: number[]) {
  await db.deleteFrom('operator_accounts').where('operator_id', '=', operatorId).execute();
  if (accountIds.length > 0)
    await db
      .insertInto('operator_accounts')
      .values(accountIds.map((account_id) => ({ operator_id: operatorId, account_id })))
      .execute();
}

export const assignedAccountIds = async (db: Db, operatorId: number) =>
  (await db.selectFrom('operator_accounts').select('account_id').where('operator_id', '=', operatorId).execute()).map((r) => r.account_id);
