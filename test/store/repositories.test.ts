import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountRow, ContactRow } from '../../src/store/schema.js';
import { pinyinKeys } from '../../src/core/pinyin.js';
import {
  deletedUnseen,
  markDeleted,
  recentConversations,
  touchConversation,
  type RecentQuery,
} from '../../src/modules/conversations/conversations.repository.js';
import { runPerRow } from '../../src/store/dialect.js';
import { toContactView } from '../../src/modules/contacts/contact.view.js';
import { toConversationView } from '../../src/modules/conversations/conversation.view.js';
import { toMessageView } from '../../src/modules/messages/message.view.js';
import { historyBefore } from '../../src/modules/messages/messages.repository.js';
import {
  addAccount,
  addContact,
  addMessage,
  addOperator,
  captureQuery,
  openTestStore,
  queryPlan,
  T0,
  type Db,
  type TestStore,
} from '../helpers/store.js';

let ts: TestStore;
let db: Db;
beforeAll(async () => {
  ts = await openTestStore();
  db = ts.db;
});
afterAll(() => ts?.close());

/** A contact with its pinyin keys, as ingest would store it. */
async function person(account: AccountRow, nick: string, extra: { remark?: string; room?: boolean; setting?: number } = {}) {
  const name = pinyinKeys(nick);
  const remark = pinyinKeys(extra.remark);
  return addContact(db, account.id, {
    ...(extra.room ? { user_name: `${Math.random().toString(36).slice(2)}@chatroom` } : {}),
    nick_name: nick,
    remark_name: extra.remark ?? '',
    py_initial: name.initials,
    py_quan_pin: name.full,
    remark_py_initial: remark.initials,
    remark_py_quan_pin: remark.full,
    is_room: extra.room ? 1 : 0,
    setting: extra.setting ?? 0,
  });
}

/** Stores a message from the contact at `time` and moves its conversation. */
async function say(contact: ContactRow, time: number, unread = 1) {
  const m = await addMessage(db, contact, { create_time: time });
  return {
    message: m,
    conversation: await touchConversation(db, {
      contactId: contact.id,
      accountId: contact.account_id,
      isRoom: contact.is_room === 1,
      messageId: m.id,
      time,
      unreadDelta: unread,
    }),
  };
}

const conversation = (contactId: number) =>
  db.selectFrom('conversations').selectAll().where('contact_id', '=', contactId).executeTakeFirstOrThrow();

describe('recentConversations', () => {
  let a: AccountRow;
  let b: AccountRow;
  const c: Record<string, ContactRow> = {};
  const recent = (q: Partial<RecentQuery> = {}) =>
    recentConversations(db, { accountIds: [a.id, b.id], isRoom: false, limit: 100, offset: 0, ...q });
  const names = async (q: Partial<RecentQuery> = {}) => (await recent(q)).map((r) => r.nick_name);

  beforeAll(async () => {
    a = await addAccount(db);
    b = await addAccount(db);
    const singles: [string, string | undefined, number, AccountRow][] = [
      ['Alice Wang', undefined, 10, a],
      ['张伟', '老客户-Bob', 20, a],
      ['100%好评', undefined, 30, a],
      ['100元店', undefined, 40, a],
      ['a_b', undefined, 50, a],
      ['axb', undefined, 60, b],
      ['c\\d', undefined, 70, b],
      ['李娜', undefined, 80, b],
    ];
    for (const [nick, remark, t, acc] of singles) {
      c[nick] = await person(acc, nick, remark ? { remark } : {});
      await say(c[nick]!, T0 + t * 1000);
    }
    for (const [nick, setting, t] of [
      ['正宗测试群', 0, 100],
      ['星标老群', 3, 5],
      ['普通群', 0, 90],
      ['星标新群', 3, 15],
    ] as const) {
      c[nick] = await person(a, nick, { room: true, setting });
      await say(c[nick]!, T0 + t * 1000);
    }
  });

  it('lists single chats newest first, with the last message and account', async () => {
    const rows = await recent();
    expect(rows.map((r) => r.nick_name)).toEqual(['李娜', 'c\\d', 'axb', 'a_b', '100元店', '100%好评', '张伟', 'Alice Wang']);
    const first = rows[0]!;
    expect(first.uin).toBe(b.uin);
    expect(first.account_id).toBe(b.id);
    expect(first.contact_id).toBe(c['李娜']!.id);
    expect(first.last_time).toBe(T0 + 80_000);
    expect(first.create_time).toBe(T0 + 80_000);
    expect(first.unread).toBe(1);
    expect(typeof first.message_id).toBe('number');
  });

  it('lists rooms with starred ones first, each part newest first', async () => {
    expect(await names({ isRoom: true })).toEqual(['星标新群', '星标老群', '正宗测试群', '普通群']);
  });

  it('searches nickname, remark, full pinyin and initials, ignoring case', async () => {
    expect(await names({ search: 'alice' })).toEqual(['Alice Wang']);
    expect(await names({ search: 'wang' })).toEqual(['Alice Wang']);
    expect(await names({ search: '张' })).toEqual(['张伟']);
    expect(await names({ search: 'zhangwei' })).toEqual(['张伟']);
    expect(await names({ search: 'zw' })).toEqual(['张伟']);
    expect(await names({ search: 'bob' })).toEqual(['张伟']); // remark
    expect(await names({ search: '老客户' })).toEqual(['张伟']);
    expect(await names({ search: 'lkh' })).toEqual(['张伟']); // remark initials
    expect(await names({ search: 'lina' })).toEqual(['李娜']);
    expect(await names({ isRoom: true, search: 'zzcsq' })).toEqual(['正宗测试群']);
    expect(await names({ isRoom: true, search: 'zhengzongceshiqun' })).toEqual(['正宗测试群']);
    expect(await names({ isRoom: true, search: 'xingbiao' })).toEqual(['星标新群', '星标老群']);
    expect(await names({ search: 'nobody-here' })).toEqual([]);
  });

  it('takes LIKE wildcards in the search literally', async () => {
    expect(await names({ search: '100%' })).toEqual(['100%好评']);
    expect(await names({ search: '%' })).toEqual(['100%好评']);
    expect(await names({ search: 'a_b' })).toEqual(['a_b']);
    expect(await names({ search: '_' })).toEqual(['a_b']);
    expect(await names({ search: 'c\\d' })).toEqual(['c\\d']);
    expect(await names({ search: '\\' })).toEqual(['c\\d']);
  });

  it('pages without gaps or repeats', async () => {
    const all = await names();
    const pages = [];
    for (let offset = 0; offset < all.length + 3; offset += 3) pages.push(...(await names({ limit: 3, offset })));
    expect(pages).toEqual(all);
    expect(await names({ limit: 3, offset: 3 })).toEqual(all.slice(3, 6));
    expect(await names({ limit: 3, offset: 100 })).toEqual([]);
  });

  it('narrows to the given accounts', async () => {
    expect(await names({ accountIds: [b.id] })).toEqual(['李娜', 'c\\d', 'axb']);
    expect(await names({ accountIds: [] })).toEqual([]);
    expect(await names({ accountIds: [a.id], search: 'axb' })).toEqual([]);
    const everyone = await names({ accountIds: null });
    expect(everyone).toEqual(expect.arrayContaining(await names()));
  });

  it('leaves out emptied conversations and deleted contacts', async () => {
    const x = await person(a, '临时客户');
    await say(x, T0 + 200_000);
    expect((await names())[0]).toBe('临时客户');
    await markDeleted(db, x.id, T0 + 201_000);
    expect(await names()).not.toContain('临时客户');

    const y = await person(a, '已删好友');
    await say(y, T0 + 300_000);
    await db.updateTable('contacts').set({ is_delete: 1 }).where('id', '=', y.id).execute();
    expect(await names()).not.toContain('已删好友');
  });

  it('is served by conversations_recent', async () => {
    const q = await captureQuery(db, (d) => recentConversations(d, { accountIds: [a.id], isRoom: false, limit: 20, offset: 0 }));
    const plan = await queryPlan(ts, q);
    expect(plan).toMatch(/conversations_recent/);
  });
});

describe('historyBefore', () => {
  it('pages backwards through ties on create_time, broken by id', async () => {
    const acc = await addAccount(db);
    const contact = await person(acc, '历史');
    const other = await person(acc, '别人');
    const times = [5, 3, 3, 3, 7, 1, 3, 7, 9, 2].map((t) => T0 + t * 1000);
    const ids: { id: number; time: number }[] = [];
    for (const t of times) ids.push({ id: (await addMessage(db, contact, { create_time: t })).id, time: t });
    await addMessage(db, other, { create_time: T0 + 4000 });
    const expected = [...ids].sort((x, y) => y.time - x.time || y.id - x.id).map((m) => m.id);

    expect((await historyBefore(db, contact.id, null, 100)).map((m) => m.id)).toEqual(expected);
    const seen: number[] = [];
    let cursor: number | null = null;
    for (;;) {
      const page = await historyBefore(db, contact.id, cursor, 3);
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(3);
      seen.push(...page.map((m) => m.id));
      cursor = page.at(-1)!.id;
    }
    expect(seen).toEqual(expected);
    const last = await historyBefore(db, contact.id, expected[6]!, 100);
    expect(last.map((m) => m.id)).toEqual(expected.slice(7));
    // Another conversation's message is no cursor here.
    const stranger = await addMessage(db, other, { create_time: T0 + 8000 });
    expect(await historyBefore(db, contact.id, stranger.id, 100)).toEqual([]);
  });

  it('is served by messages_by_conversation', async () => {
    const q = await captureQuery(db, (d) => historyBefore(d, 1, 10, 20));
    expect(await queryPlan(ts, q)).toMatch(/messages_by_conversation/);
  });
});

describe('touchConversation', () => {
  it('keeps the newest message when an older one arrives, and adds up unread', async () => {
    const acc = await addAccount(db);
    const contact = await person(acc, '顺序');
    const newer = await say(contact, T0 + 10_000);
    expect(newer.conversation).toEqual({ unread: 1, last_time: T0 + 10_000 });
    const older = await say(contact, T0 + 5_000);
    expect(older.conversation).toEqual({ unread: 2, last_time: T0 + 10_000 });
    await say(contact, T0 + 7_000, 0); // sent by the account: no unread
    const conv = await conversation(contact.id);
    expect(conv.last_message_id).toBe(newer.message.id);
    expect(conv.last_time).toBe(T0 + 10_000);
    expect(conv.unread).toBe(2);
    const newest = await say(contact, T0 + 20_000);
    expect(newest.conversation).toEqual({ unread: 3, last_time: T0 + 20_000 });
    expect((await conversation(contact.id)).last_message_id).toBe(newest.message.id);
  });

  it('revives a deleted conversation with the next message, even an older one', async () => {
    const acc = await addAccount(db);
    const contact = await person(acc, '复活');
    await say(contact, T0 + 10_000);
    await say(contact, T0 + 11_000);
    await markDeleted(db, contact.id, T0 + 12_000);
    let conv = await conversation(contact.id);
    expect(conv).toMatchObject({ last_message_id: null, unread: 0, deleted_at: T0 + 12_000 });

    const late = await say(contact, T0 + 9_000); // delivered late, older than the deleted history
    conv = await conversation(contact.id);
    expect(conv).toMatchObject({ last_message_id: late.message.id, last_time: T0 + 9_000, unread: 1, deleted_at: null });
    const rows = await recentConversations(db, { accountIds: [acc.id], isRoom: false, limit: 10, offset: 0 });
    expect(rows.map((r) => r.message_id)).toEqual([late.message.id]);
  });
});

describe('deletedUnseen', () => {
  it("reports single chats emptied after the operator's del_seen_at, oldest first, per account", async () => {
    const a1 = await addAccount(db);
    const a2 = await addAccount(db);
    const x = await person(a1, '删一');
    const y = await person(a2, '删二');
    const z = await person(a1, '删三');
    const room = await person(a1, '删的群', { room: true });
    const kept = await person(a1, '保留');
    for (const ct of [x, y, z, room, kept]) await say(ct, T0);
    const base = T0 + 1_000_000;
    await markDeleted(db, x.id, base + 30);
    await markDeleted(db, y.id, base + 10);
    await markDeleted(db, z.id, base + 5);
    await markDeleted(db, room.id, base + 20);
    const op = await addOperator(db, 'admin');
    const agent = await addOperator(db, 'agent', [a1.id]);
    const nobody = await addOperator(db, 'agent');
    const seen = (at: number) =>
      db.updateTable('operators').set({ del_seen_at: at }).where('id', 'in', [op.id, agent.id, nobody.id]).execute();

    const mine = (rows: Awaited<ReturnType<typeof deletedUnseen>>) =>
      rows.filter((r) => [x.id, y.id, z.id, room.id, kept.id].includes(r.contact_id));
    await seen(base);
    const all = mine(await deletedUnseen(db, op.id, false));
    expect(all.map((r) => r.contact_id)).toEqual([z.id, y.id, x.id]);
    expect(all[2]).toEqual({
      contact_id: x.id,
      user_name: x.user_name,
      uin: a1.uin,
      account_user_name: a1.user_name,
      deleted_at: base + 30,
    });
    expect(mine(await deletedUnseen(db, agent.id, true)).map((r) => r.contact_id)).toEqual([z.id, x.id]);
    expect(await deletedUnseen(db, nobody.id, true)).toEqual([]);
    await seen(base + 10);
    expect(mine(await deletedUnseen(db, op.id, false)).map((r) => r.contact_id)).toEqual([x.id]);

    // Served by the partial index over deleted conversations (a plan over all of them scanned every conversation).
    expect(await queryPlan(ts, await captureQuery(db, (d) => deletedUnseen(d, op.id, false)))).toMatch(/conversations_deleted/);

    await seen(base);
    await say(x, base + 40); // a new message revives it: no longer reported
    expect(mine(await deletedUnseen(db, agent.id, true)).map((r) => r.contact_id)).toEqual([z.id]);
  });
});

describe('runPerRow (SQLite)', () => {
  it('runs one statement per row inside a transaction, with the defaults for what a row leaves out', async () => {
    if (ts.dialect !== 'sqlite') return;
    const acc = await addAccount(db);
    const build = (t: Record<'account_id' | 'user_name' | 'nick_name', never>) =>
      db
        .insertInto('contacts')
        .values({ account_id: t.account_id, user_name: t.user_name, nick_name: t.nick_name, created_at: T0, updated_at: T0 })
        .onConflict((oc) => oc.columns(['account_id', 'user_name']).doNothing());
    const keys = ['account_id', 'user_name', 'nick_name'] as const;
    await expect(async () => runPerRow(db, keys, build)).rejects.toThrow(/transaction/);
    const results = await db.transaction().execute(async (trx) =>
      runPerRow(trx, keys, build, { nick_name: '无名' })([
        { account_id: acc.id, user_name: 'wxid_per_row_1', nick_name: '一' },
        { account_id: acc.id, user_name: 'wxid_per_row_2' },
        { account_id: acc.id, user_name: 'wxid_per_row_1', nick_name: '重复' },
      ]),
    );
    expect(results.map((r) => r.changes)).toEqual([1, 1, 0]);
    const rows = await db
      .selectFrom('contacts')
      .select(['id', 'user_name', 'nick_name'])
      .where('account_id', '=', acc.id)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.user_name, r.nick_name])).toEqual([
      ['wxid_per_row_1', '一'],
      ['wxid_per_row_2', '无名'],
    ]);
    expect(rows.map((r) => r.id)).toEqual(results.slice(0, 2).map((r) => Number(r.lastInsertRowid)));
  });
});

describe('toConversationView', () => {
  it('shows the whole contact and message, as their own views do', async () => {
    const acc = await addAccount(db);
    const contact = await addContact(db, acc.id, {
      nick_name: '王五',
      alias: 'wangwu_88',
      sex: 1,
      province: '广东',
      city: '深圳',
      signature: '今天也要加油',
    });
    const { message } = await say(contact, T0 + 77_000);
    const [row] = await recentConversations(db, { accountIds: [acc.id], isRoom: false, limit: 1, offset: 0 });
    const view = toConversationView(row!);
    expect(view.contact).toEqual(toContactView(contact));
    expect(view.lastMessage).toEqual(toMessageView(message));
  });
});
