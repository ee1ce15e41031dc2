import { sql, type Kysely, type RawBuilder } from 'kysely';
import { inList } from '../../store/dialect.js';
import type { AccountRow, Database } from '../../store/schema.js';

type Db = Kysely<Database>;

export const findAccountByUin = (db: Db, uin: string) => db.selectFrom('accounts').selectAll().where('uin', '=', uin).executeTakeFirst();

export const findAccountsByUin = (db: Db, uins: readonly string[]) =>
  uins.length
    ? db
        .selectFrom('accounts')
        .selectAll()
        .where(inList(db, 'uin', uins))
        .execute()
    : Promise.resolve([]);

export const findAccountById = (db: Db, id: number) => db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();

export const listAccounts = (db: Db, ids: number[] | null) => {
  let q = db.selectFrom('accounts').selectAll().orderBy('id');
  if (ids) q = q.where('id', 'in', ids.length ? ids : [-1]);
  return q.execute();
};

/**
 * The ids of the accounts assigned to an operator, as a sub-select: a statement that lists an
 * agent's things carries the scope itself, so a page with rows proves access.
 */
export const assignedTo = (operatorId: number): RawBuilder<number> =>
  sql<number>`(select account_id from operator_accounts where operator_id = ${operatorId})`;

export const isAssigned = async (db: Db, operatorId: number, accountId: number) =>
  !!(await db
    .selectFrom('operator_accounts')
    .select('account_id')
    .where('operator_id', '=', operatorId)
    .where('account_id', '=', accountId)
    .executeTakeFirst());

export async function upsertAccount(
  db: Db,
  row: Pick<AccountRow, 'uin' | 'user_name' | 'nick_name' | 'head_img_url' | 'gateway_node' | 'status' | 'created_at' | 'last_login_at'>,
): Promise<AccountRow> {
  return db
    .insertInto('accounts')
    .values(row)
    .onConflict((oc) =>
      oc.column('uin').doUpdateSet({
        user_name: row.user_name,
        nick_name: row.nick_name,
        head_img_url: row.head_img_url,
        gateway_node: row.gateway_node,
        status: row.status,
        last_login_at: row.last_login_at,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const setAccountStatus = (db: Db, uin: string, status: number) =>
  db.updateTable('accounts').set({ status }).where('uin', '=', uin).returningAll().executeTakeFirst();

/** Replaces an operator's account assignment; the caller decides the transaction. */
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

/** Every assignment of these operators. */
export const assignmentsOf = (db: Db, operatorIds: readonly number[]) =>
  operatorIds.length
    ? db.selectFrom('operator_accounts').select(['operator_id', 'account_id']).where('operator_id', 'in', operatorIds).execute()
    : Promise.resolve([]);
