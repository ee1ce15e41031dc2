import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { MemoryBus } from '../../src/adapters/bus/memory-bus.js';
import type { AccountRow, ContactRow } from '../../src/store/schema.js';
import { SendStatus } from '../../src/core/message-types.js';
import type { Notification, NotificationType } from '../../src/core/notifications.js';
import { Notifier } from '../../src/modules/commands/notifier.js';
import { Ingest } from '../../src/modules/ingest/ingest.js';
import type { GatewayEvent, MessageInfo, RoomMemberInfo } from '../../src/ports/gateway.js';
import { addMessage, addOperator, openTestStore, T0, type Db, type TestStore } from '../helpers/store.js';

let ts: TestStore;
let db: Db;
beforeAll(async () => {
  ts = await openTestStore();
  db = ts.db;
});
afterAll(() => ts?.close());

let bus: MemoryBus;
let ingest: Ingest;
let notes: Notification[];
type LogFn = (obj: object, msg: string) => void;
let log: { warn: Mock<LogFn>; error: Mock<LogFn> };
let now: number;

beforeEach(async () => {
  bus = new MemoryBus({ retryDelayMs: 1 });
  notes = [];
  await bus.consume('notifications', async (batch) => void notes.push(...batch), { batchSize: 100 });
  log = { warn: vi.fn<LogFn>(), error: vi.fn<LogFn>() };
  now = T0;
  ingest = new Ingest(db, new Notifier(bus), { now: () => now }, log);
});
afterEach(() => bus.close());

/** Applies a batch as the ingest role would, then waits for its notifications. */
async function handle(...events: GatewayEvent[]) {
  try {
    await ingest.handleBatch(events);
  } finally {
    await bus.idle();
  }
}

const typesOf = (list: Notification[], uin?: string) =>
  list.filter((n) => uin === undefined || ('uin' in n.data && n.data.uin === uin)).map((n) => n.type);
const ofType = <K extends NotificationType>(type: K) => notes.filter((n): n is Extract<Notification, { type: K }> => n.type === type);

let seq = 0;
const uniq = () => `${Date.now().toString(36)}${++seq}`;

async function login(over: { nickName?: string; gatewayNode?: string; uin?: string; userName?: string } = {}): Promise<AccountRow> {
  const uin = over.uin ?? `9${uniq().replace(/\D/g, '')}${seq}`;
  const userName = over.userName ?? `wxid_me_${uin}`;
  await handle({
    type: 'login',
    account: { uin, userName, nickName: over.nickName ?? '客服一号', headImgUrl: 'https://img/me.png' },
    gatewayNode: over.gatewayNode ?? 'node-a',
    at: now,
  });
  return db.selectFrom('accounts').selectAll().where('uin', '=', uin).executeTakeFirstOrThrow();
}

/** A text message from `from` to the account, or into a room when `room` is given. */
function inbound(account: AccountRow, from: string, content: string, over: Partial<MessageInfo> & { room?: string } = {}): GatewayEvent {
  const { room, ...rest } = over;
  return {
    type: 'message',
    uin: account.uin,
    message: {
      msgId: `msg-${uniq()}`,
      fromUserName: room ?? from,
      toUserName: account.user_name,
      senderUserName: from,
      msgType: 1,
      content,
      createTime: now,
      ...rest,
    },
  };
}

const contactOf = (account: AccountRow, userName: string) =>
  db.selectFrom('contacts').selectAll().where('account_id', '=', account.id).where('user_name', '=', userName).executeTakeFirstOrThrow();
const messagesOf = (contact: ContactRow) =>
  db.selectFrom('messages').selectAll().where('contact_id', '=', contact.id).orderBy('id').execute();
const conversationOf = (contact: ContactRow) =>
  db.selectFrom('conversations').selectAll().where('contact_id', '=', contact.id).executeTakeFirstOrThrow();

describe('accounts', () => {
  it('login upserts the account by uin; logout marks it offline', async () => {
    const a = await login({ nickName: '旧名字', gatewayNode: 'node-a' });
    expect(a).toMatchObject({ nick_name: '旧名字', gateway_node: 'node-a', status: 1, last_login_at: T0 });
    now = T0 + 5000;
    const again = await login({ uin: a.uin, userName: a.user_name, nickName: '新名字', gatewayNode: 'node-b' });
    expect(again).toMatchObject({
      id: a.id,
      nick_name: '新名字',
      gateway_node: 'node-b',
      status: 1,
      last_login_at: T0 + 5000,
      created_at: T0,
    });
    expect(await db.selectFrom('accounts').select('id').where('uin', '=', a.uin).execute()).toHaveLength(1);

    await handle({ type: 'logout', uin: a.uin, reason: 'kicked', at: now });
    expect((await db.selectFrom('accounts').select('status').where('id', '=', a.id).executeTakeFirstOrThrow()).status).toBe(0);
    expect(ofType('account.updated').map((n) => n.data)).toEqual([
      { accountId: a.id, uin: a.uin, online: true },
      { accountId: a.id, uin: a.uin, online: true },
      { accountId: a.id, uin: a.uin, online: false },
    ]);
  });

  it('a login and its first messages in one batch are stored together', async () => {
    const uin = `8${seq++}${Date.now()}`;
    const userName = `wxid_batch_${uin}`;
    const account = { uin, user_name: userName } as AccountRow;
    await handle(
      { type: 'login', account: { uin, userName, nickName: '批量', headImgUrl: '' }, gatewayNode: 'n', at: now },
      inbound(account, 'wxid_friend', '第一条'),
    );
    const stored = await db.selectFrom('accounts').selectAll().where('uin', '=', uin).executeTakeFirstOrThrow();
    expect(await messagesOf(await contactOf(stored, 'wxid_friend'))).toHaveLength(1);
  });
});

describe('messages', () => {
  it('stores the same message delivered twice in one batch once, and counts it unread once', async () => {
    const a = await login();
    const e = inbound(a, 'wxid_zhang', '在吗');
    await handle(e, structuredClone(e));
    const contact = await contactOf(a, 'wxid_zhang');
    expect(await messagesOf(contact)).toHaveLength(1);
    expect(await conversationOf(contact)).toMatchObject({ unread: 1, is_room: 0 });
    expect(typesOf(notes, a.uin).filter((t) => t === 'message.stored')).toHaveLength(1);
  });

  it('stores the same message delivered in two batches once, and counts it unread once', async () => {
    const a = await login();
    const e = inbound(a, 'wxid_li', '你好');
    await handle(e);
    const first = notes.length;
    await handle(structuredClone(e));
    const contact = await contactOf(a, 'wxid_li');
    const rows = await messagesOf(contact);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      msg_id: (e as { message: MessageInfo }).message.msgId,
      content: '你好',
      is_out: 0,
      send_status: SendStatus.sent,
    });
    expect(await conversationOf(contact)).toMatchObject({ unread: 1, last_message_id: rows[0]!.id });
    expect(notes.slice(first).filter((n) => n.type === 'message.stored')).toEqual([]);
  });

  it('stores text with any characters the gateway reports; NUL, which PostgreSQL cannot hold, is dropped on both', async () => {
    const a = await login();
    const content = "a\u0000b 🐨 '; drop table messages; --";
    await handle(inbound(a, 'wxid_odd\u0000', content));
    const rows = await db.selectFrom('messages').selectAll().where('account_id', '=', a.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.content).toBe("ab 🐨 '; drop table messages; --");
    expect((await contactOf(a, 'wxid_odd')).id).toBe(rows[0]!.contact_id);
  });

  it('moves the conversation, counts only incoming messages unread, and gives a stranger a stub contact', async () => {
    const a = await login();
    await handle(inbound(a, 'wxid_wang', '一', { createTime: T0 + 1000 }), inbound(a, 'wxid_wang', '二', { createTime: T0 + 2000 }));
    await handle({
      type: 'message',
      uin: a.uin,
      message: {
        msgId: `out-${uniq()}`,
        fromUserName: a.user_name,
        toUserName: 'wxid_wang',
        senderUserName: a.user_name,
        msgType: 1,
        content: '回复',
        createTime: T0 + 3000,
      },
    });
    const contact = await contactOf(a, 'wxid_wang');
    expect(contact).toMatchObject({ is_room: 0, contact_flag: 0, nick_name: '' });
    const rows = await messagesOf(contact);
    expect(rows.map((r) => [r.content, r.is_out])).toEqual([
      ['一', 0],
      ['二', 0],
      ['回复', 1],
    ]);
    expect(await conversationOf(contact)).toMatchObject({ unread: 2, last_message_id: rows[2]!.id, last_time: T0 + 3000 });
    expect(ofType('conversation.updated').at(-1)!.data).toEqual({
      accountId: a.id,
      uin: a.uin,
      contactId: contact.id,
      unread: 2,
      lastTime: T0 + 3000,
    });
  });
  it('stores a batch of many messages as one by one would: newest wins even when late, each announced with the conversation after it', async () => {
    const a = await login();
    const t = (s: number) => T0 + s * 1000;
    await handle(inbound(a, 'wxid_seq', '早', { createTime: t(5) }));
    const first = notes.length;
    // One batch: an older message arrives late, another conversation in between, then a newer one.
    await handle(
      inbound(a, 'wxid_seq', '迟到', { createTime: t(3) }),
      inbound(a, 'wxid_other', '别人', { createTime: t(4) }),
      inbound(a, 'wxid_seq', '最新', { createTime: t(9) }),
      inbound(a, 'wxid_seq', '同时', { createTime: t(9) }),
    );
    const contact = await contactOf(a, 'wxid_seq');
    const rows = await messagesOf(contact);
    expect(rows.map((r) => r.content)).toEqual(['早', '迟到', '最新', '同时']);
    // Equal times: the later one wins, as the per-message upsert's ">=" decides.
    expect(await conversationOf(contact)).toMatchObject({ unread: 4, last_message_id: rows[3]!.id, last_time: t(9) });
    const updates = notes
      .slice(first)
      .filter((n): n is Extract<Notification, { type: 'conversation.updated' }> => n.type === 'conversation.updated');
    expect(updates.filter((n) => n.data.contactId === contact.id).map((n) => [n.data.unread, n.data.lastTime])).toEqual([
      [2, t(5)],
      [3, t(9)],
      [4, t(9)],
    ]);
    expect(typesOf(notes.slice(first), a.uin)).toEqual(Array.from({ length: 4 }, () => ['message.stored', 'conversation.updated']).flat());
  });

  it('a deleted conversation comes back with the next message, last message and unread from that one on', async () => {
    const a = await login();
    await handle(inbound(a, 'wxid_back', '一', { createTime: T0 + 9000 }));
    const contact = await contactOf(a, 'wxid_back');
    await db
      .updateTable('conversations')
      .set({ last_message_id: null, unread: 0, deleted_at: T0 })
      .where('contact_id', '=', contact.id)
      .execute();
    await handle(inbound(a, 'wxid_back', '二', { createTime: T0 + 1000 }), inbound(a, 'wxid_back', '三', { createTime: T0 + 500 }));
    const rows = await messagesOf(contact);
    expect(await conversationOf(contact)).toMatchObject({
      deleted_at: null,
      unread: 2,
      last_message_id: rows[1]!.id,
      last_time: T0 + 1000,
    });
  });
});

describe('contacts and rooms', () => {
  it('upserts friends with pinyin of nickname and remark, and marks removed ones', async () => {
    const a = await login();
    await handle({
      type: 'contact',
      uin: a.uin,
      contacts: [
        { userName: 'wxid_zw', nickName: '张伟', remarkName: '老客户', headImgUrl: 'h1', sex: 1, province: '广东', city: '深圳' },
        { userName: 'wxid_ln', nickName: 'Lina李娜', headImgUrl: 'h2' },
      ],
    });
    const zw = await contactOf(a, 'wxid_zw');
    expect(zw).toMatchObject({
      nick_name: '张伟',
      remark_name: '老客户',
      py_initial: 'zw',
      py_quan_pin: 'zhangwei',
      remark_py_initial: 'lkh',
      remark_py_quan_pin: 'laokehu',
      head_img_url: 'h1',
      is_room: 0,
      is_delete: 0,
      contact_flag: 3,
      sex: 1,
      city: '深圳',
    });
    expect(await contactOf(a, 'wxid_ln')).toMatchObject({ py_quan_pin: 'linalina', py_initial: 'linaln' });

    now = T0 + 1000;
    await handle({
      type: 'contact',
      uin: a.uin,
      contacts: [{ userName: 'wxid_zw', nickName: '张伟伟', headImgUrl: 'h3' }],
      removed: ['wxid_ln', 'wxid_unknown'],
    });
    expect(await contactOf(a, 'wxid_zw')).toMatchObject({
      id: zw.id,
      nick_name: '张伟伟',
      py_quan_pin: 'zhangweiwei',
      remark_name: '',
      head_img_url: 'h3',
      updated_at: T0 + 1000,
    });
    expect(await contactOf(a, 'wxid_ln')).toMatchObject({ is_delete: 1 });
    expect(await db.selectFrom('contacts').select('id').where('account_id', '=', a.id).execute()).toHaveLength(2);
    expect(ofType('contact.updated').map((n) => n.data.contactIds.length)).toEqual([2, 2]);
  });

  it('upserts a room with pinyin of its topic, and its members', async () => {
    const a = await login();
    const room = `${uniq()}@chatroom`;
    await handle({
      type: 'room',
      uin: a.uin,
      room: {
        userName: room,
        topic: '正宗测试群',
        headImgUrl: 'r.png',
        ownerUserName: 'wxid_owner',
        memberCount: 3,
        announcement: '群公告',
      },
    });
    const row = await contactOf(a, room);
    expect(row).toMatchObject({
      nick_name: '正宗测试群',
      py_initial: 'zzcsq',
      py_quan_pin: 'zhengzongceshiqun',
      is_room: 1,
      owner_user_name: 'wxid_owner',
      member_count: 3,
      announcement: '群公告',
    });

    const member = (userName: string, nickName: string, isOwner = false): RoomMemberInfo => ({
      userName,
      nickName,
      displayName: '',
      headImgUrl: `${userName}.png`,
      isOwner,
    });
    now = T0 + 2000;
    await handle({
      type: 'roomMembers',
      uin: a.uin,
      room,
      members: [member('wxid_owner', '群主大人', true), member('wxid_m1', '赖剑鑫'), member(a.user_name, '我')],
    });
    const members = await db.selectFrom('room_members').selectAll().where('room_id', '=', row.id).execute();
    expect(members.map((m) => [m.user_name, m.py_quan_pin, m.py_initial, m.is_owner, m.head_img_url])).toEqual(
      expect.arrayContaining([
        ['wxid_owner', 'qunzhudaren', 'qzdr', 1, 'wxid_owner.png'],
        ['wxid_m1', 'laijianxin', 'ljx', 0, 'wxid_m1.png'],
        [a.user_name, 'wo', 'w', 0, `${a.user_name}.png`],
      ]),
    );
    expect(members).toHaveLength(3);
    expect(await contactOf(a, room)).toMatchObject({ member_count: 3, members_synced_at: T0 + 2000 });

    // A later list replaces the earlier one.
    await handle({ type: 'roomMembers', uin: a.uin, room, members: [member('wxid_owner', '群主大人', true)] });
    expect(await db.selectFrom('room_members').select('user_name').where('room_id', '=', row.id).execute()).toEqual([
      { user_name: 'wxid_owner' },
    ]);
    expect(await contactOf(a, room)).toMatchObject({ member_count: 1 });
    expect(typesOf(notes, a.uin)).toEqual(['account.updated', 'room.updated', 'room.updated', 'room.updated']);
  });

  it('members of a room not seen before create the room', async () => {
    const a = await login();
    const room = `${uniq()}@chatroom`;
    await handle({
      type: 'roomMembers',
      uin: a.uin,
      room,
      members: [{ userName: 'wxid_o', nickName: '群主', displayName: '', headImgUrl: '', isOwner: true }],
    });
    expect(await contactOf(a, room)).toMatchObject({ is_room: 1, owner_user_name: 'wxid_o', member_count: 1 });
  });
});

describe('keyword hits', () => {
  let a: AccountRow;
  let b: AccountRow;
  const room = `kw${Date.now()}@chatroom`;
  /** Hits of an account, by keyword (in code point order: collations differ between databases). */
  const hitsOf = async (acc: AccountRow) =>
    (
      await db
        .selectFrom('keyword_hits')
        .select(['keyword', 'keyword_id', 'message_id', 'sender_user_name'])
        .where('account_id', '=', acc.id)
        .orderBy('keyword_id')
        .execute()
    ).sort((x, y) => (x.keyword < y.keyword ? -1 : x.keyword > y.keyword ? 1 : 0));

  // Once for the group (logging in needs the bus of a test, hence not beforeAll).
  beforeEach(async () => {
    if (a) return;
    a = await login();
    b = await login();
    const admin = await addOperator(db, 'admin');
    const agentA = await addOperator(db, 'agent', [a.id]);
    const agentB = await addOperator(db, 'agent', [b.id]);
    const add = (operatorId: number, keyword: string) =>
      db.insertInto('keywords').values({ operator_id: operatorId, keyword, created_at: T0 }).execute();
    await add(admin.id, '红包');
    await add(agentA.id, '广告');
    await add(agentA.id, '红包'); // the same word watched by two operators: two hits
    await add(agentB.id, '优惠');
    await add(agentB.id, 'VIP');
  });

  it('stores one hit per matching keyword of a room text message, by keyword scope', async () => {
    ingest.invalidateKeywords();
    const e = inbound(a, 'wxid_spammer', '抢红包！发广告，红包优惠多多 vip', { room });
    await handle(e);
    const msg = (await messagesOf(await contactOf(a, room)))[0]!;
    const hits = await hitsOf(a);
    expect(hits.map((h) => h.keyword)).toEqual(['广告', '红包', '红包']);
    for (const h of hits) expect(h).toMatchObject({ message_id: msg.id, sender_user_name: 'wxid_spammer' });
    expect(
      ofType('keyword.hit')
        .map((n) => n.data.keyword)
        .sort(),
    ).toEqual(['广告', '红包', '红包']);

    // Account b: only the admin's keyword and b's agent's keywords (Latin case ignored).
    await handle(inbound(b, 'wxid_x', '红包 广告 优惠 Vip', { room }));
    expect((await hitsOf(b)).map((h) => h.keyword)).toEqual(['VIP', '优惠', '红包']);

    // Redelivered: no second hit.
    const before = (await hitsOf(a)).length;
    await handle(structuredClone(e));
    expect(await hitsOf(a)).toHaveLength(before);
  });

  it('records no hit for single chats, the account’s own messages or non-text messages', async () => {
    ingest.invalidateKeywords();
    const before = (await hitsOf(a)).length;
    await handle(
      inbound(a, 'wxid_friend', '发红包'),
      inbound(a, a.user_name, '我发广告', { room }),
      inbound(a, 'wxid_y', '红包.png', { room, msgType: 3 }),
    );
    expect(await hitsOf(a)).toHaveLength(before);
  });

  it('recovers when the keywords could not be loaded once', async () => {
    const c = await login();
    ingest.invalidateKeywords();
    await sql`alter table keywords rename to keywords_away`.execute(db);
    try {
      await expect(ingest.handleBatch([inbound(c, 'wxid_r', '一')])).rejects.toThrow();
    } finally {
      await sql`alter table keywords_away rename to keywords`.execute(db);
    }
    await handle(inbound(c, 'wxid_r', '二'));
    expect((await messagesOf(await contactOf(c, 'wxid_r'))).map((m) => m.content)).toEqual(['二']);
  });

  it('uses keywords added after the index was loaded once it is invalidated', async () => {
    ingest.invalidateKeywords();
    await handle(inbound(a, 'wxid_z', '没有命中', { room }));
    const admin = await addOperator(db, 'admin');
    await db.insertInto('keywords').values({ operator_id: admin.id, keyword: '命中', created_at: T0 }).execute();
    ingest.invalidateKeywords();
    await handle(inbound(a, 'wxid_z', '这次命中了', { room }));
    expect((await hitsOf(a)).filter((h) => h.keyword === '命中')).toHaveLength(1);
  });
});

describe('command results', () => {
  async function pending(a: AccountRow, tokenId: string) {
    await handle({ type: 'contact', uin: a.uin, contacts: [{ userName: 'wxid_peer', nickName: '对方', headImgUrl: '' }] });
    const contact = await contactOf(a, 'wxid_peer');
    return addMessage(db, contact, {
      msg_id: null,
      token_id: tokenId,
      send_status: SendStatus.pending,
      is_out: 1,
      from_user_name: a.user_name,
      to_user_name: 'wxid_peer',
      sender_user_name: a.user_name,
    });
  }
  const sendText = (a: AccountRow, tokenId: string) => ({ kind: 'sendText' as const, uin: a.uin, to: 'wxid_peer', text: 'hi', tokenId });

  it('a successful sendText marks the pending message sent with its msgId', async () => {
    const a = await login();
    const row = await pending(a, 'tok-ok');
    await handle({
      type: 'commandResult',
      uin: a.uin,
      correlationId: 'c1',
      command: sendText(a, 'tok-ok'),
      ok: true,
      result: { msgId: 'wx-777', createTime: now },
      at: now,
    });
    const after = await db.selectFrom('messages').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ msg_id: 'wx-777', send_status: SendStatus.sent, fail_reason: null });
    expect(typesOf(notes).slice(-2)).toEqual(['message.updated', 'command.result']);
    expect(ofType('message.updated').at(-1)!.data).toMatchObject({ messageId: row.id, sendStatus: SendStatus.sent });

    // The gateway's echo of the same message adds nothing.
    await handle({
      type: 'message',
      uin: a.uin,
      message: {
        msgId: 'wx-777',
        fromUserName: a.user_name,
        toUserName: 'wxid_peer',
        senderUserName: a.user_name,
        msgType: 1,
        content: 'hi',
        createTime: now,
        tokenId: 'tok-ok',
      },
    });
    expect(await db.selectFrom('messages').select('id').where('account_id', '=', a.id).execute()).toHaveLength(1);
  });

  it('a failed sendText marks the pending message failed with the reason', async () => {
    const a = await login();
    const row = await pending(a, 'tok-bad');
    await handle({
      type: 'commandResult',
      uin: a.uin,
      correlationId: 'c2',
      command: sendText(a, 'tok-bad'),
      ok: false,
      error: { code: 'gateway.failed', message: '对方开启了好友验证' },
      at: now,
    });
    const after = await db.selectFrom('messages').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ msg_id: null, send_status: SendStatus.failed, fail_reason: '对方开启了好友验证' });
    expect(ofType('message.updated').at(-1)!.data).toMatchObject({ messageId: row.id, sendStatus: SendStatus.failed });
  });

  it('the echo of a sent message completes the pending row when it arrives first', async () => {
    const a = await login();
    const row = await pending(a, 'tok-echo');
    await handle({
      type: 'message',
      uin: a.uin,
      message: {
        msgId: 'wx-888',
        fromUserName: a.user_name,
        toUserName: 'wxid_peer',
        senderUserName: a.user_name,
        msgType: 1,
        content: 'hi',
        createTime: now,
        tokenId: 'tok-echo',
      },
    });
    await handle({
      type: 'commandResult',
      uin: a.uin,
      correlationId: 'c3',
      command: sendText(a, 'tok-echo'),
      ok: true,
      result: { msgId: 'wx-888', createTime: now },
      at: now,
    });
    const rows = await db.selectFrom('messages').selectAll().where('account_id', '=', a.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: row.id, msg_id: 'wx-888', send_status: SendStatus.sent });
  });

  it('an echo without our tokenId that arrives before the result gives way to the pending row', async () => {
    const a = await login();
    const row = await pending(a, 'tok-bare');
    await handle({
      type: 'message',
      uin: a.uin,
      message: {
        msgId: 'wx-999',
        fromUserName: a.user_name,
        toUserName: 'wxid_peer',
        senderUserName: a.user_name,
        msgType: 1,
        content: 'hi',
        createTime: now,
      },
    });
    await handle({
      type: 'commandResult',
      uin: a.uin,
      correlationId: 'c4',
      command: sendText(a, 'tok-bare'),
      ok: true,
      result: { msgId: 'wx-999', createTime: now },
      at: now,
    });
    const rows = await db.selectFrom('messages').selectAll().where('account_id', '=', a.id).where('msg_id', '=', 'wx-999').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: row.id, send_status: SendStatus.sent });
    const conv = await db.selectFrom('conversations').selectAll().where('contact_id', '=', row.contact_id).executeTakeFirstOrThrow();
    expect(conv.last_message_id).toBe(row.id);
  });
});

describe('a batch with a bad event', () => {
  it('drops an event of an unknown account with a warning and keeps the rest', async () => {
    const a = await login();
    await handle(
      inbound(a, 'wxid_ok1', '一'),
      inbound({ uin: '000000', user_name: 'nobody' } as AccountRow, 'wxid_x', '丢弃'),
      inbound(a, 'wxid_ok2', '二'),
    );
    expect(await messagesOf(await contactOf(a, 'wxid_ok1'))).toHaveLength(1);
    expect(await messagesOf(await contactOf(a, 'wxid_ok2'))).toHaveLength(1);
    expect(log.warn).toHaveBeenCalledWith(expect.objectContaining({ uin: '000000', event: 'message' }), expect.any(String));
    expect(log.error).not.toHaveBeenCalled();
  });

  it('keeps the good events of a failing batch, announces only what was committed, and throws the bad one back', async () => {
    const a = await login();
    const uin = `7${seq++}${Date.now()}`;
    const fresh = { uin, user_name: `wxid_${uin}` } as AccountRow;
    const good1 = inbound(a, 'wxid_g1', '好的一');
    const bad = inbound(a, 'wxid_bad', 'x');
    (bad as { message: { content?: string | undefined } }).message.content = undefined; // violates NOT NULL
    const good2 = inbound(a, 'wxid_g2', '好的二');
    const loginEvent: GatewayEvent = {
      type: 'login',
      account: { uin, userName: fresh.user_name, nickName: '新号', headImgUrl: '' },
      gatewayNode: 'n',
      at: now,
    };
    const batch = [loginEvent, good1, bad, good2];

    // Every notification, checked against the store when it arrives: it must describe committed rows.
    const unseen: Notification[] = [];
    await bus.consume('notifications', async (list) => {
      for (const n of list)
        if (
          n.type === 'message.stored' &&
          !(await db.selectFrom('messages').select('id').where('id', '=', n.data.messageId).executeTakeFirst())
        )
          unseen.push(n);
    });

    await expect(ingest.handleBatch(batch)).rejects.toThrow();
    await bus.idle();
    expect(await messagesOf(await contactOf(a, 'wxid_g1'))).toHaveLength(1);
    expect(await messagesOf(await contactOf(a, 'wxid_g2'))).toHaveLength(1);
    expect(await db.selectFrom('contacts').select('id').where('user_name', '=', 'wxid_bad').execute()).toEqual([]);
    expect(await db.selectFrom('accounts').select('id').where('uin', '=', uin).execute()).toHaveLength(1);
    expect(log.error).toHaveBeenCalledTimes(1);
    // The attempt of the whole batch rolled back: nothing of it was announced.
    expect(typesOf(notes, uin)).toEqual(['account.updated']);
    expect(typesOf(notes, a.uin)).toEqual([
      'account.updated',
      'message.stored',
      'conversation.updated',
      'message.stored',
      'conversation.updated',
    ]);
    expect(unseen).toEqual([]);

    // Redelivered as the bus would: the good ones are not stored or announced again.
    const before = notes.length;
    await expect(ingest.handleBatch(structuredClone(batch))).rejects.toThrow();
    await bus.idle();
    expect(await messagesOf(await contactOf(a, 'wxid_g1'))).toHaveLength(1);
    expect(await conversationOf(await contactOf(a, 'wxid_g2'))).toMatchObject({ unread: 1 });
    expect(typesOf(notes.slice(before), a.uin)).toEqual([]);
  });

  it('through the bus: the good events are stored once and the bad one is dead-lettered', async () => {
    const a = await login();
    const dead: unknown[] = [];
    const events = new MemoryBus({ maxAttempts: 3, retryDelayMs: 1, onDeadLetter: (_topic, message) => dead.push(message) });
    const stop = await events.consume('events', (batch) => ingest.handleBatch(batch), { batchSize: 10 });
    const bad = inbound(a, 'wxid_bad2', 'x');
    (bad as { message: { content?: string | undefined } }).message.content = undefined;
    const good = [inbound(a, 'wxid_q1', '一'), inbound(a, 'wxid_q2', '二')];
    for (const e of [good[0]!, bad, good[1]!]) await events.publish('events', e);
    await events.idle();
    await stop();
    await events.close();
    await bus.idle();
    expect(await messagesOf(await contactOf(a, 'wxid_q1'))).toHaveLength(1);
    expect(await conversationOf(await contactOf(a, 'wxid_q2'))).toMatchObject({ unread: 1 });
    expect(dead).toContainEqual(bad);
    expect(typesOf(notes, a.uin).filter((t) => t === 'message.stored')).toHaveLength(2);
  });
});
