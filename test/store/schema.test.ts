import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBus } from '../../src/adapters/bus/memory-bus.js';
import { migrate } from '../../src/adapters/db/database.js';
import { AccountsService } from '../../src/modules/accounts/accounts.service.js';
import { CommandClient } from '../../src/modules/commands/command-client.js';
import { JobsService } from '../../src/modules/jobs/jobs.service.js';
import { touchConversation } from '../../src/modules/conversations/conversations.repository.js';
import { addAccount, addContact, addMessage, T0, type Db, openTestStore, type TestStore } from '../helpers/store.js';

const TABLES = [
  'accounts',
  'contacts',
  'conversations',
  'friend_requests',
  'gateway_sessions',
  'jobs',
  'keyword_hits',
  'keywords',
  'login_throttle',
  'messages',
  'operator_accounts',
  'operators',
  'room_members',
  'sessions',
];

async function tableNames(ts: TestStore): Promise<string[]> {
  const rows =
    ts.dialect === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(ts.db)).rows
      : (
          await sql<{
            name: string;
          }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(ts.db)
        ).rows;
  return rows.map((r) => r.name).filter((n) => !n.startsWith('sqlite_') && !n.startsWith('kysely_'));
}

async function indexColumns(ts: TestStore, name: string): Promise<string | undefined> {
  if (ts.dialect === 'sqlite') {
    const cols = (await sql<{ name: string }>`select name from pragma_index_info(${name}) order by seqno`.execute(ts.db)).rows;
    return cols.length ? cols.map((c) => c.name).join(',') : undefined;
  }
  const row = (
    await sql<{ indexdef: string }>`select indexdef from pg_indexes where schemaname = current_schema() and indexname = ${name}`.execute(
      ts.db,
    )
  ).rows[0];
  return row ? /\(([^)]*)\)/.exec(row.indexdef)?.[1]?.replace(/\s+/g, '') : undefined;
}

/** Runs `fn` expecting a unique violation; inside a transaction so PostgreSQL's abort stays contained. */
async function expectUniqueViolation(db: Db, fn: (trx: Db) => Promise<unknown>) {
  await expect(db.transaction().execute(fn)).rejects.toThrow(/unique|duplicate/i);
}

describe('migrations', () => {
  it('apply on an empty database and a second run is a no-op', async () => {
    const ts = await openTestStore({ migrate: false });
    try {
      expect(await tableNames(ts)).toEqual([]);
      await migrate(ts.store);
      expect((await tableNames(ts)).sort()).toEqual(TABLES);
      const a = await addAccount(ts.db);

      await migrate(ts.store);
      expect((await tableNames(ts)).sort()).toEqual(TABLES);
      const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(ts.db);
      expect(applied.rows.map((r) => r.name)).toEqual([
        '001_init',
        '002_gateway_sessions',
        '003_deleted_partial',
        '004_operator_disabled',
        '005_messages_media',
        '006_login_throttle',
      ]);
      // Data survives: nothing was dropped and recreated.
      expect(await ts.db.selectFrom('accounts').select('uin').execute()).toEqual([{ uin: a.uin }]);
    } finally {
      await ts.close();
    }
  });

  it('apply to a fresh database while another migrated one exists on the same server', async () => {
    const first = await openTestStore();
    try {
      const second = await openTestStore();
      try {
        expect((await tableNames(second)).sort()).toEqual(TABLES);
        await migrate(second.store);
        await addAccount(second.db);
        expect(await first.db.selectFrom('accounts').select('id').execute()).toEqual([]);
      } finally {
        await second.close();
      }
    } finally {
      await first.close();
    }
  });
});

describe('schema', () => {
  let ts: TestStore;
  let db: Db;
  beforeAll(async () => {
    ts = await openTestStore();
    db = ts.db;
  });
  afterAll(() => ts?.close());

  it('has one contact per (account, userName)', async () => {
    const a = await addAccount(db);
    const b = await addAccount(db);
    await addContact(db, a.id, { user_name: 'wxid_same' });
    await addContact(db, b.id, { user_name: 'wxid_same' }); // another account may know the same person
    await expectUniqueViolation(db, (trx) => addContact(trx, a.id, { user_name: 'wxid_same' }));
  });

  it('has one message per (account, msgId), any number still without one', async () => {
    const a = await addAccount(db);
    const b = await addAccount(db);
    const ca = await addContact(db, a.id);
    const cb = await addContact(db, b.id);
    await addMessage(db, ca, { msg_id: 'dup' });
    await addMessage(db, cb, { msg_id: 'dup' });
    await expectUniqueViolation(db, (trx) => addMessage(trx, ca, { msg_id: 'dup' }));
    await addMessage(db, ca, { msg_id: null, token_id: 't-1', send_status: 0 });
    await addMessage(db, ca, { msg_id: null, token_id: 't-2', send_status: 0 });
    expect(await db.selectFrom('messages').select('id').where('contact_id', '=', ca.id).where('msg_id', 'is', null).execute()).toHaveLength(
      2,
    );
  });

  it('has one message per (account, tokenId) where a tokenId is set', async () => {
    const a = await addAccount(db);
    const b = await addAccount(db);
    const ca = await addContact(db, a.id);
    const cb = await addContact(db, b.id);
    await addMessage(db, ca, { token_id: 'tok' });
    await addMessage(db, cb, { token_id: 'tok' });
    await expectUniqueViolation(db, (trx) => addMessage(trx, ca, { token_id: 'tok' }));
    // Messages that came from WeChat carry no tokenId: the partial index ignores them.
    await addMessage(db, ca, { token_id: null });
    await addMessage(db, ca, { token_id: null });
  });

  it('has at most one running job per (account, kind)', async () => {
    const a = await addAccount(db);
    const job = (status: 'running' | 'done' | 'failed', kind = 'syncContacts', accountId = a.id) => ({
      account_id: accountId,
      kind,
      status,
      done: 0,
      total: 0,
      created_at: T0,
      updated_at: T0,
    });
    const first = await db.insertInto('jobs').values(job('running')).returning('id').executeTakeFirstOrThrow();
    await expectUniqueViolation(db, (trx) => trx.insertInto('jobs').values(job('running')).execute());
    await db.insertInto('jobs').values(job('done')).execute();
    await db.insertInto('jobs').values(job('failed')).execute();
    await db.insertInto('jobs').values(job('running', 'other')).execute();
    await db
      .insertInto('jobs')
      .values(job('running', 'syncContacts', (await addAccount(db)).id))
      .execute();
    // Once the running one finishes, a new one may start.
    await db.updateTable('jobs').set({ status: 'done' }).where('id', '=', first.id).execute();
    await db.insertInto('jobs').values(job('running')).execute();
  });

  it('lets the jobs service start one contact sync per account, whatever the number of requests', async () => {
    const a = await addAccount(db);
    const bus = new MemoryBus();
    const jobs = new JobsService(db, new AccountsService(db), new CommandClient(bus), { now: () => T0 });
    const admin = { id: 1, username: 'admin', role: 'admin' } as const;
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => jobs.syncContacts(admin, a.uin)));
    expect(answers.filter((r) => r.started)).toHaveLength(1);
    const first = answers.find((r) => r.started)!;
    for (const r of answers) expect(r.job.id).toBe(first.job.id);
    expect(await jobs.syncContacts(admin, a.uin)).toEqual({ job: first.job, started: false });
    await db.updateTable('jobs').set({ status: 'done' }).where('id', '=', first.job.id).execute();
    const third = await jobs.syncContacts(admin, a.uin);
    expect(third.started).toBe(true);
    expect(third.job.id).not.toBe(first.job.id);
    await bus.close();
  });

  it('has the indexes the hot queries rely on', async () => {
    expect(await indexColumns(ts, 'conversations_recent')).toBe('account_id,is_room,starred,last_time,contact_id');
    expect(await indexColumns(ts, 'conversations_recent_all')).toBe('is_room,starred,last_time,contact_id');
    expect(await indexColumns(ts, 'messages_by_conversation')).toBe('contact_id,create_time,id');
    expect(await indexColumns(ts, 'messages_msg_id')).toBe('account_id,msg_id');
    expect(await indexColumns(ts, 'messages_token')).toBe('account_id,token_id');
    expect(await indexColumns(ts, 'jobs_one_running')).toBe('account_id,kind');
  });

  it('answers ids, times and counts as JS numbers', async () => {
    const a = await addAccount(db, { last_login_at: 1_583_760_173_240 });
    const c = await addContact(db, a.id);
    const big = 4_102_444_800_000; // 2100-01-01, well past 2^31
    const m = await addMessage(db, c, { create_time: big, file_size: 3_000_000_000 });
    await touchConversation(db, { contactId: c.id, accountId: a.id, isRoom: false, messageId: m.id, time: big, unreadDelta: 1 });

    const account = await db.selectFrom('accounts').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(account.last_login_at).toBe(1_583_760_173_240);
    expect(typeof account.id).toBe('number');
    expect(typeof account.created_at).toBe('number');

    const msg = await db.selectFrom('messages').selectAll().where('id', '=', m.id).executeTakeFirstOrThrow();
    expect(typeof msg.id).toBe('number');
    expect(msg.create_time).toBe(big);
    expect(msg.file_size).toBe(3_000_000_000);

    const conv = await db.selectFrom('conversations').selectAll().where('contact_id', '=', c.id).executeTakeFirstOrThrow();
    expect(conv.last_message_id).toBe(m.id);
    expect(conv.last_time).toBe(big);
    expect(conv.unread).toBe(1);

    const count = await db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('contact_id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
  });
});
