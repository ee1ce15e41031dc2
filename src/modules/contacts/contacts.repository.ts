import type { Kysely } from 'kysely';
import { anyContains } from '../../adapters/db/like.js';
import type { ContactRow, ContactUpdate, Database, NewContact } from '../../adapters/db/schema.js';

type Db = Kysely<Database>;

export const findContactById = (db: Db, id: number) => db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();

export const findContact = (db: Db, accountId: number, userName: string) =>
  db.selectFrom('contacts').selectAll().where('account_id', '=', accountId).where('user_name', '=', userName).executeTakeFirst();

/** Inserts or updates by (account, userName); only the given columns change on update. */
export async function upsertContact(db: Db, row: NewContact, update: ContactUpdate): Promise<ContactRow> {
  return db
    .insertInto('contacts')
    .values(row)
    .onConflict((oc) => oc.columns(['account_id', 'user_name']).doUpdateSet(update))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const updateContact = (db: Db, id: number, update: ContactUpdate) =>
  db.updateTable('contacts').set(update).where('id', '=', id).returningAll().executeTakeFirst();

export const countRooms = async (db: Db, accountId: number) =>
  Number(
    (
      await db
        .selectFrom('contacts')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('account_id', '=', accountId)
        .where('is_room', '=', 1)
        .where('is_delete', '=', 0)
        .executeTakeFirstOrThrow()
    ).n,
  );

export const listContacts = (db: Db, accountId: number, opts: { isRoom?: boolean; friendsOnly?: boolean; search?: string; limit: number; offset: number }) => {
  let q = db.selectFrom('contacts').selectAll().where('account_id', '=', accountId).where('is_delete', '=', 0);
  if (opts.isRoom !== undefined) q = q.where('is_room', '=', opts.isRoom ? 1 : 0);
  if (opts.friendsOnly) q = q.where('contact_flag', '=', 3);
  if (opts.search) {
    const search = opts.search;
    q = q.where((eb) => eb.or(anyContains(['nick_name', 'remark_name', 'py_quan_pin', 'py_initial', 'user_name'], search)));
  }
  return q.orderBy('py_quan_pin').orderBy('id').limit(opts.limit).offset(opts.offset).execute();
};
