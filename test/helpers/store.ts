import {
  CompiledQuery,
  createQueryId,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import { migrate, openStore, type Store } from '../../src/adapters/db/database.js';
import type { AccountRow, ContactRow, Database, MessageRow, NewContact, NewMessage } from '../../src/store/schema.js';
import { freshDatabase } from './system.js';

export type Db = Kysely<Database>;

export interface TestStore {
  store: Store;
  db: Db;
  dialect: Store['dialect'];
  /** Closes the store and drops the database. */
  close(): Promise<void>;
}

/** A fresh, migrated store on the database of this run (SQLite or PostgreSQL). */
export async function openTestStore(options: { migrate?: boolean } = {}): Promise<TestStore> {
  const fresh = await freshDatabase();
  const store = openStore(fresh.url, fresh.schema ? { schema: fresh.schema } : {});
  try {
    if (options.migrate !== false) await migrate(store);
  } catch (error) {
    await store.close();
    await fresh.drop();
    throw error;
  }
  return {
    store,
    db: store.db,
    dialect: store.dialect,
    close: async () => {
      await store.close();
      await fresh.drop();
    },
  };
}

let seq = 0;
const next = () => ++seq;

export const T0 = 1_700_000_000_000;

export async function addAccount(db: Db, over: Partial<AccountRow> = {}): Promise<AccountRow> {
  const n = next();
  return db
    .insertInto('accounts')
    .values({
      uin: `10${n}`,
      user_name: `wxid_acc${n}`,
      nick_name: `账号${n}`,
      head_img_url: '',
      status: 1,
      gateway_node: 'node-1',
      created_at: T0,
      last_login_at: T0,
      ...over,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function addContact(db: Db, accountId: number, over: Partial<NewContact> = {}): Promise<ContactRow> {
  const n = next();
  return db
    .insertInto('contacts')
    .values({ account_id: accountId, user_name: `wxid_c${n}`, created_at: T0, updated_at: T0, ...over })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function addMessage(db: Db, contact: ContactRow, over: Partial<NewMessage> = {}): Promise<MessageRow> {
  const n = next();
  const row: NewMessage = {
    account_id: contact.account_id,
    contact_id: contact.id,
    msg_id: `m${n}`,
    from_user_name: contact.user_name,
    to_user_name: 'me',
    sender_user_name: contact.user_name,
    msg_type: 1,
    is_out: 0,
    send_status: 1,
    content: `消息 ${n}`,
    create_time: T0,
    ...over,
  };
  return db.insertInto('messages').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function addOperator(db: Db, role: 'admin' | 'agent', accountIds: number[] = []) {
  const op = await db
    .insertInto('operators')
    .values({ username: `op${next()}`, password_hash: 'x', role, del_seen_at: 0, created_at: T0 })
    .returning(['id', 'role'])
    .executeTakeFirstOrThrow();
  if (accountIds.length)
    await db
      .insertInto('operator_accounts')
      .values(accountIds.map((account_id) => ({ operator_id: op.id, account_id })))
      .execute();
  return op;
}

/** Records the operation trees of the queries run through it, to explain them afterwards. */
class CapturePlugin implements KyselyPlugin {
  readonly nodes: RootOperationNode[] = [];
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.nodes.push(args.node);
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** The SQL (and parameters) of the last query `run` sends. */
export async function captureQuery(db: Db, run: (db: Db) => Promise<unknown>): Promise<CompiledQuery> {
  const plugin = new CapturePlugin();
  await run(db.withPlugin(plugin));
  const node = plugin.nodes.at(-1);
  if (!node) throw new Error('no query captured');
  return db.getExecutor().compileQuery(node, createQueryId());
}

/**
 * The query plan of a captured query as text. PostgreSQL is asked with sequential scans
 * disabled: on tables this small a scan is always cheapest, so the question is only whether
 * the index *can* serve the query.
 */
export async function queryPlan(ts: TestStore, query: CompiledQuery): Promise<string> {
  if (ts.dialect === 'sqlite') {
    const r = await ts.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
    return r.rows.map((row) => row.detail).join('\n');
  }
  return ts.db.transaction().execute(async (trx) => {
    await trx.executeQuery(CompiledQuery.raw('set local enable_seqscan = off'));
    const r = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]));
    return r.rows.map((row) => row['QUERY PLAN']).join('\n');
  });
}
