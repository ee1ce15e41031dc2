import type { Kysely } from 'kysely';
import { ContactFlag } from '../../core/message-types.js';
import { pairInList } from '../../store/dialect.js';
import { anyContains } from '../../store/like.js';
import type { AccountRow, ContactRow, ContactUpdate, Database, NewContact } from '../../store/schema.js';

type Db = Kysely<Database>;

export const findContactById = (db: Db, id: number) => db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();

/**
 * A contact and its account in one statement: every contact-scoped call starts with this
 * access check, and on PostgreSQL each statement is a round trip.
 */
export async function findContactWithAccount(db: Db, id: number): Promise<{ contact: ContactRow; account: AccountRow } | undefined> {
  const row = await db
    .selectFrom('contacts as c')
    .innerJoin('accounts as a', 'a.id', 'c.account_id')
    .selectAll('c')
    .select(ACCOUNT_COLUMNS.map((col) => `a.${col} as account_${col}` as const))
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const account = Object.fromEntries(ACCOUNT_COLUMNS.map((col) => [col, row[`account_${col}`]])) as AccountRow;
  const contact = Object.fromEntries(Object.entries(row).filter(([k]) => !k.startsWith('account_') || k === 'account_id')) as ContactRow;
  return { contact, account };
}

const ACCOUNT_COLUMNS = [
  'id',
  'uin',
  'user_name',
  'nick_name',
  'head_img_url',
  'status',
  'gateway_node',
  'created_at',
  'last_login_at',
] as const satisfies readonly (keyof AccountRow)[];
// Stops compiling when accounts gains a column the list above lacks.
const everyAccountColumn: Record<Exclude<keyof AccountRow, (typeof ACCOUNT_COLUMNS)[number]>, never> = {};
void everyAccountColumn;

export const findContact = (db: Db, accountId: number, userName: string) =>
  db.selectFrom('contacts').selectAll().where('account_id', '=', accountId).where('user_name', '=', userName).executeTakeFirst();

/** The contacts with these (account, userName) pairs: what ingest needs to file messages. */
export const findContactsByName = (db: Db, keys: readonly { accountId: number; userName: string }[]) =>
  db
    .selectFrom('contacts')
    .select(['id', 'account_id', 'user_name', 'is_room', 'setting'])
    .where(
      pairInList(
        db,
        ['account_id', 'user_name'],
        keys.map((k) => [k.accountId, k.userName]),
      ),
    )
    .execute();

/** Inserts new contacts; one that appeared meanwhile only gets `updated_at`. */
export const insertContactStubs = (db: Db, rows: readonly NewContact[]) =>
  db
    .insertInto('contacts')
    .values(rows)
    .onConflict((oc) => oc.columns(['account_id', 'user_name']).doUpdateSet((eb) => ({ updated_at: eb.ref('excluded.updated_at') })))
    .returning(['id', 'account_id', 'user_name', 'is_room', 'setting'])
    .execute();

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

export const listContacts = (
  db: Db,
  accountId: number,
  opts: { isRoom?: boolean; friendsOnly?: boolean; search?: string; limit: number; offset: number },
) => {
  let q = db.selectFrom('contacts').selectAll().where('account_id', '=', accountId).where('is_delete', '=', 0);
  if (opts.isRoom !== undefined) q = q.where('is_room', '=', opts.isRoom ? 1 : 0);
  if (opts.friendsOnly) q = q.where('contact_flag', '=', 3);
  if (opts.search) {
    const search = opts.search;
    q = q.where((eb) => eb.or(anyContains(['nick_name', 'remark_name', 'py_quan_pin', 'py_initial', 'user_name'], search)));
  }
  return q.orderBy('py_quan_pin').orderBy('id').limit(opts.limit).offset(opts.offset).execute();
};

export const findContactsById = (db: Db, ids: readonly number[]) => db.selectFrom('contacts').selectAll().where('id', 'in', ids).execute();

/** Which of these wxids are friends of the account. */
export const friendNamesAmong = async (db: Db, accountId: number, userNames: readonly string[]) =>
  userNames.length
    ? (
        await db
          .selectFrom('contacts')
          .select('user_name')
          .where('account_id', '=', accountId)
          .where('is_room', '=', 0)
          .where('is_delete', '=', 0)
          .where('contact_flag', '=', ContactFlag.friend)
          .where('user_name', 'in', userNames)
          .execute()
      ).map((r) => r.user_name)
    : [];
