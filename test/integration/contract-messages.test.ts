import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/core/time.js';
import { markDeleted } from '../../src/modules/conversations/conversations.repository.js';
import {
  MODES,
  call,
  eventually,
  expectConversation,
  expectError,
  expectNeedsLogin,
  expectOk,
  expectOkData,
  expectRequiredParams,
  sleep,
  type Params,
} from '../helpers/contract.js';
import { Client } from '../helpers/http.js';
import { startTestSystem, type TestSystem } from '../helpers/system.js';
import { friendsOf as friendsOfAccount, worldFacts } from '../helpers/world.js';

/**
 * Contract tests of the message calls and the room setting, written from the seed:
 * findLastMsgList (both variants), delMsgByOwnerId and updateSetting.
 */

const SINGLE = 'findLastMsgList (single chats)';
const GROUP = 'findLastMsgList (group chats)';

type Facts = Awaited<ReturnType<typeof worldFacts>>;
type ContactRow = Facts[number]['friend'];

let sys: TestSystem;
let admin: Client;
let facts: Facts;
/** Friends of account 0 and 2 that have written in, oldest first. */
let friendsA: ContactRow[];
let friendsC: ContactRow[];

async function inject(input: { uin: string; from: string; room?: string; text: string }) {
  const r = await admin.post('/api/v1/simulator/inbound', input);
  expect(r.status, r.raw).toBe(202);
  await sleep(3); // distinct milliseconds, so "newest first" is unambiguous
  return r.body as { msgId: string; createTime: number };
}

const friendsOf = (accountId: number) => friendsOfAccount(sys, accountId);

const singleList = async (params: Params, client = admin) => {
  const r = await call(client, SINGLE, params);
  return expectOkData(r, SINGLE) as { delData: any[]; lastMsgList: any[] };
};

const groupList = async (params: Params, client = admin) => {
  const r = await call(client, GROUP, { isRoom: 0, ...params }, 'get');
  expect(r.status, r.raw).toBe(200);
  expect(Array.isArray(r.body), r.raw.slice(0, 200)).toBe(true);
  return r.body as any[];
};

const matches = (
  item: any,
  term: string,
  row: {
    nick_name: string;
    remark_name: string;
    py_quan_pin: string;
    py_initial: string;
    remark_py_quan_pin: string;
    remark_py_initial: string;
  },
) =>
  [row.nick_name, row.remark_name, row.py_quan_pin, row.py_initial, row.remark_py_quan_pin, row.remark_py_initial].some((v) =>
    v.toLowerCase().includes(term.toLowerCase()),
  ) && item.wechatContactId !== undefined;

beforeAll(async () => {
  sys = await startTestSystem();
  admin = await Client.login(sys.running.app!);
  facts = await worldFacts(sys);
  const [a, b, c] = facts;
  // Account 0: six friends write in (the sixth sends a picture, reported by the gateway); account 1: one.
  friendsA = (await friendsOf(a!.account.id)).slice(0, 6);
  for (const [i, f] of friendsA.slice(0, 5).entries()) await inject({ uin: a!.account.uin, from: f.user_name, text: `单聊消息${i}` });
  await sys.bus.publish('events', {
    type: 'message',
    uin: a!.account.uin,
    message: {
      msgId: `7${Date.now()}01`,
      fromUserName: friendsA[5]!.user_name,
      toUserName: a!.account.user_name,
      senderUserName: friendsA[5]!.user_name,
      msgType: 3,
      content: '[图片]',
      createTime: Date.now(),
      fileName: '背景图.jpg',
      fileSize: 9762,
      url: 'https://example.com/media/bg.jpg',
    },
  });
  await sleep(3);
  await inject({ uin: b!.account.uin, from: b!.friend.user_name, text: '另一个微信号的消息' });
  // Account 2: 22 conversations, for the default page size.
  friendsC = (await friendsOf(c!.account.id)).slice(0, 22);
  for (const [i, f] of friendsC.entries()) await inject({ uin: c!.account.uin, from: f.user_name, text: `第${i}条` });
  // Rooms: every room of account 0 and the first of account 1 get a message, oldest first.
  for (const room of a!.rooms) {
    const member = await sys.running.store.db
      .selectFrom('room_members')
      .select('user_name')
      .where('room_id', '=', room.id)
      .where('user_name', '!=', a!.account.user_name)
      .orderBy('user_name')
      .executeTakeFirstOrThrow();
    await inject({ uin: a!.account.uin, from: member.user_name, room: room.user_name, text: `群消息 ${room.nick_name}` });
  }
  await inject({ uin: b!.account.uin, from: b!.members[0]!.user_name, room: b!.room.user_name, text: '别的号的群消息' });
  await sys.settle();
});
afterAll(() => sys?.close());

describe('GET /wechat_api/message/findLastMsgList (single chats)', () => {
  it('needs a login', async () => {
    await expectNeedsLogin(sys.running.app!, SINGLE);
  });

  it('answers the seed envelope {code:200,msg:"查询成功",data:{delData,lastMsgList}} with every field, however the parameters are sent', async () => {
    const uin = facts[0]!.account.uin;
    let first: unknown;
    for (const mode of MODES) {
      const data = expectOkData(await call(admin, SINGLE, { status: 1, uin }, mode), SINGLE);
      expect(Object.keys(data).sort()).toEqual(['delData', 'lastMsgList']);
      expect(Array.isArray(data.delData)).toBe(true);
      expect(data.lastMsgList).toHaveLength(6);
      for (const item of data.lastMsgList) expectConversation(item, 'conversation');
      if (first === undefined) first = data.lastMsgList;
      else expect(data.lastMsgList).toEqual(first);
    }
    // status defaults to 1
    expect((await singleList({ uin })).lastMsgList).toEqual(first);
  });

  it('holds single chats only, newest first, each with its stored last message', async () => {
    const a = facts[0]!;
    const list = (await singleList({ status: 1, uin: a.account.uin })).lastMsgList;
    expect(list.map((i) => i.userName)).toEqual([...friendsA].reverse().map((f) => f.user_name));
    for (let i = 1; i < list.length; i++) expect(list[i - 1].time).toBeGreaterThanOrEqual(list[i].time);
    const db = sys.running.store.db;
    for (const item of list) {
      expect(item.userName).not.toMatch(/@chatroom$/);
      const contact = await db.selectFrom('contacts').selectAll().where('id', '=', item.wechatContactId).executeTakeFirstOrThrow();
      const stored = await db
        .selectFrom('messages')
        .selectAll()
        .where('contact_id', '=', contact.id)
        .orderBy('create_time', 'desc')
        .executeTakeFirstOrThrow();
      expect(item).toMatchObject({
        userName: contact.user_name,
        nickName: contact.nick_name,
        remarkName: contact.remark_name,
        headImgUrl: contact.head_img_url,
        contactFlag: 3,
        wechatUserId: a.account.id,
        wechatUserName: a.account.user_name,
        uin: a.account.uin,
        time: stored.create_time,
      });
      const { lastMsg, wechatUser } = expectConversation(item, 'conversation');
      expect(lastMsg).toMatchObject({
        content: stored.content,
        msgId: stored.msg_id,
        msgType: stored.msg_type,
        fromUserName: contact.user_name,
        toUserName: a.account.user_name,
        sendStatus: 1,
      });
      expect(wechatUser).toMatchObject({
        wechatUserId: a.account.id,
        nickName: a.account.nick_name,
        headImgUrl: a.account.head_img_url,
        status: 1,
      });
    }
    expect(JSON.parse(list.at(-1).lastMsg).content).toBe('单聊消息0');
  });

  it('carries fileName, fileSize, type and url in lastMsg of a picture', async () => {
    const list = (await singleList({ uin: facts[0]!.account.uin })).lastMsgList;
    const pic = list.find((i) => i.userName === friendsA[5]!.user_name);
    const { lastMsg } = expectConversation(pic, 'conversation');
    expect(lastMsg).toMatchObject({
      msgType: 3,
      type: 'pic',
      fileName: '背景图.jpg',
      fileSize: '9762',
      url: 'https://example.com/media/bg.jpg',
    });
  });

  it('shows every visible account without uin, and uin narrows to one account', async () => {
    const [a, b] = facts;
    const all = (await singleList({ status: 1, pageSize: 100 })).lastMsgList;
    expect(new Set(all.map((i) => i.uin))).toEqual(new Set([a!.account.uin, b!.account.uin, facts[2]!.account.uin]));
    for (let i = 1; i < all.length; i++) expect(all[i - 1].time).toBeGreaterThanOrEqual(all[i].time);
    const onlyB = (await singleList({ status: 1, uin: b!.account.uin })).lastMsgList;
    expect(onlyB).toHaveLength(1);
    expect(onlyB[0]).toMatchObject({ uin: b!.account.uin, wechatUserUin: b!.account.uin, userName: b!.friend.user_name });
    expectError(await call(admin, SINGLE, { uin: '1234500000' }), 404);
  });

  it("shows the account's own send as lastMsg (loginer 1, tokenId, sendStatus), then the reply that follows", async () => {
    const b = facts[1]!;
    const db = sys.running.store.db;
    // A send the gateway fails: it stays the last message, marked failed (2), and nobody answers.
    expect((await admin.post('/api/v1/simulator/faults', { uin: b.account.uin, kind: 'failNextSend' })).status).toBe(204);
    const failed = await admin.post(`/api/v1/conversations/${b.friend.id}/messages`, { text: '这条会失败', tokenId: 'sendMsg-contract-0' });
    expect(failed.status, failed.raw).toBe(202);
    await eventually(sys, async () => {
      const [item] = (await singleList({ uin: b.account.uin })).lastMsgList;
      const { lastMsg } = expectConversation(item, 'conversation');
      expect(lastMsg).toMatchObject({
        content: '这条会失败',
        tokenId: 'sendMsg-contract-0',
        loginer: '1',
        fromUserName: b.account.user_name,
        toUserName: b.friend.user_name,
        sendStatus: 2,
      });
    });
    // A send that goes through: stored as sent with WeChat's msgId, then the friend's answer is the newest message.
    const sent = await admin.post(`/api/v1/conversations/${b.friend.id}/messages`, {
      text: '您好，合同已发送',
      tokenId: 'sendMsg-contract-1',
    });
    expect(sent.status, sent.raw).toBe(202);
    await eventually(sys, async () => {
      const row = await db.selectFrom('messages').selectAll().where('token_id', '=', 'sendMsg-contract-1').executeTakeFirstOrThrow();
      expect(row).toMatchObject({ send_status: 1, is_out: 1 });
      expect(row.msg_id).toMatch(/^\d+$/);
      const list = (await singleList({ uin: b.account.uin })).lastMsgList;
      expect(list).toHaveLength(1);
      const { lastMsg } = expectConversation(list[0], 'conversation');
      expect(lastMsg).toMatchObject({
        loginer: '0',
        fromUserName: b.friend.user_name,
        toUserName: b.account.user_name,
        msgType: 1,
        sendStatus: 1,
      });
      expect(list[0].time).toBeGreaterThanOrEqual(row.create_time);
    });
  });

  it('pages 1-based with pageSize (default 20), newest first', async () => {
    const uin = facts[2]!.account.uin;
    const full = (await singleList({ uin, pageSize: 100 })).lastMsgList;
    expect(full.map((i) => i.userName)).toEqual([...friendsC].reverse().map((f) => f.user_name));
    expect((await singleList({ uin })).lastMsgList).toEqual(full.slice(0, 20));
    expect((await singleList({ uin, page: 2 })).lastMsgList).toEqual(full.slice(20));
    const pages = [];
    for (let page = 1; page <= 5; page++) pages.push((await singleList({ uin, page, pageSize: 5 })).lastMsgList);
    expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 2]);
    expect(pages.flat()).toEqual(full);
    expect((await singleList({ uin, page: 6, pageSize: 5 })).lastMsgList).toEqual([]);
    expectError(await call(admin, SINGLE, { uin, page: 0 }), 400, 'page');
    expectError(await call(admin, SINGLE, { uin, pageSize: 101 }), 400, 'pageSize');
  });

  it('wechatContactName matches nickname, remark, full pinyin and initials, case-insensitively', async () => {
    const uin = facts[0]!.account.uin;
    const rows = new Map(friendsA.map((f) => [f.id, f]));
    const target = friendsA.find((f) => /[\u4e00-\u9fff]{2}/.test(f.nick_name) && f.py_quan_pin.length > 3)!;
    expect(target).toBeDefined();
    const withRemark = friendsA.find((f) => f.remark_name !== '');
    const terms: [string, ContactRow][] = [
      [target.py_quan_pin.toUpperCase(), target],
      [target.py_initial.toUpperCase(), target],
      [target.py_quan_pin.slice(0, 4), target],
      [target.nick_name, target],
      [target.nick_name.slice(1), target],
    ];
    if (withRemark) terms.push([withRemark.remark_name, withRemark], [withRemark.remark_py_quan_pin.toUpperCase(), withRemark]);
    for (const [term, want] of terms) {
      const found = (await singleList({ uin, wechatContactName: term })).lastMsgList;
      expect(
        found.map((i) => i.userName),
        term,
      ).toContain(want.user_name);
      for (const item of found) expect(matches(item, term, rows.get(item.wechatContactId)!), `${item.nickName} matches ${term}`).toBe(true);
    }
    expect((await singleList({ uin, wechatContactName: 'zzzqqqxxx' })).lastMsgList).toEqual([]);
    // An empty name is no filter.
    expect((await singleList({ uin, wechatContactName: '' })).lastMsgList).toHaveLength(6);
  });
});

describe('GET /wechat_api/message/findLastMsgList (group chats)', () => {
  it('needs a login', async () => {
    await expectNeedsLogin(sys.running.app!, GROUP);
  });

  it('answers a bare array of rooms with every field of the seed, however the parameters are sent', async () => {
    const a = facts[0]!;
    const params = { adminUserId: admin.operator.id, uin: a.account.uin, isRoom: 0, page: 1, wechatContactName: '' };
    let first: unknown;
    for (const mode of MODES) {
      const r = await call(admin, GROUP, params, mode);
      expect(r.status, r.raw).toBe(200);
      expect(String(r.headers['content-type'])).toMatch(/^application\/json/);
      expect(Array.isArray(r.body), mode).toBe(true);
      expect(r.body).toHaveLength(a.rooms.length);
      for (const item of r.body) {
        const { lastMsg } = expectConversation(item, 'room_conversation');
        expect(item.seq).toBe(item.userName);
        expect(item.isDelete).toBe(0);
        expect(item.isSaving).toBeNull();
        expect(item.chatRoomSettings).toBe('0');
        expect([lastMsg.fromUserName, lastMsg.toUserName]).toContain(item.userName);
      }
      if (first === undefined) first = r.body;
      else expect(r.body).toEqual(first);
    }
    // isRoom=1 is the same variant: the parameter's presence decides.
    expect(await groupList({ uin: a.account.uin, isRoom: 1 })).toEqual(first);
  });

  it('holds rooms only, newest first, with the stored room and message', async () => {
    const a = facts[0]!;
    const list = await groupList({ adminUserId: admin.operator.id, uin: a.account.uin, page: 1 });
    expect(list.map((i) => i.userName)).toEqual([...a.rooms].reverse().map((r) => r.user_name));
    const db = sys.running.store.db;
    for (const item of list) {
      const room = a.rooms.find((r) => r.user_name === item.userName)!;
      const stored = await db
        .selectFrom('messages')
        .selectAll()
        .where('contact_id', '=', room.id)
        .orderBy('create_time', 'desc')
        .executeTakeFirstOrThrow();
      expect(item).toMatchObject({
        wechatContactId: room.id,
        nickName: room.nick_name,
        headImgUrl: room.head_img_url,
        pyinitial: room.py_initial,
        pyquanPin: room.py_quan_pin,
        contactFlag: room.contact_flag,
        wechatUserId: a.account.id,
        wechatUserName: a.account.user_name,
        time: stored.create_time,
      });
      expect(JSON.parse(item.lastMsg)).toMatchObject({ content: stored.content, msgId: stored.msg_id, msgType: 1 });
    }
    // And the single-chat variant never shows a room.
    const single = (await singleList({ uin: a.account.uin })).lastMsgList;
    expect(single.some((i) => i.userName.endsWith('@chatroom'))).toBe(false);
  });

  it('uin narrows to one account; without it every visible account is shown', async () => {
    const [a, b] = facts;
    const all = await groupList({ pageSize: 100 });
    expect(new Set(all.map((i) => i.uin))).toEqual(new Set([a!.account.uin, b!.account.uin]));
    expect(all).toHaveLength(a!.rooms.length + 1);
    const onlyB = await groupList({ uin: b!.account.uin });
    expect(onlyB.map((i) => [i.uin, i.userName])).toEqual([[b!.account.uin, b!.room.user_name]]);
  });

  it('pages 1-based with pageSize, newest first', async () => {
    const uin = facts[0]!.account.uin;
    const full = await groupList({ uin, pageSize: 100 });
    expect((await groupList({ uin })).length).toBe(full.length); // default 20 holds them all
    const pages = [];
    for (let page = 1; page * 2 < full.length + 2; page++) pages.push(await groupList({ uin, page, pageSize: 2 }));
    expect(pages.flat()).toEqual(full);
    expect(pages.slice(0, -1).every((p) => p.length === 2)).toBe(true);
    expect(await groupList({ uin, page: 50, pageSize: 2 })).toEqual([]);
  });

  it('wechatContactName matches the room name, full pinyin and initials, case-insensitively', async () => {
    const a = facts[0]!;
    const room = a.rooms.find((r) => /[\u4e00-\u9fff]{3}/.test(r.nick_name))!;
    const rows = new Map(a.rooms.map((r) => [r.id, r]));
    for (const term of [
      room.py_quan_pin.toUpperCase(),
      room.py_initial.toUpperCase(),
      room.py_initial,
      room.nick_name,
      room.nick_name.slice(0, 2),
    ]) {
      const found = await groupList({ adminUserId: admin.operator.id, uin: a.account.uin, page: 1, wechatContactName: term });
      expect(
        found.map((i) => i.userName),
        term,
      ).toContain(room.user_name);
      for (const item of found) expect(matches(item, term, rows.get(item.wechatContactId)!), `${item.nickName} matches ${term}`).toBe(true);
    }
    expect(await groupList({ uin: a.account.uin, wechatContactName: 'zzzqqqxxx' })).toEqual([]);
  });

  it("takes adminUserId only as the caller's own id unless the caller is an administrator", async () => {
    const a = facts[0]!;
    const agent = await admin.agent('contract-msg-agent', [a.account.uin]);
    expect((await groupList({ adminUserId: agent.operator.id }, agent)).map((i) => i.uin)).toEqual(a.rooms.map(() => a.account.uin));
    expectError(await call(agent, GROUP, { adminUserId: admin.operator.id, isRoom: 0 }), 403);
    // An agent sees only its accounts, with or without uin; another account's uin is refused.
    expect(new Set((await groupList({}, agent)).map((i) => i.uin))).toEqual(new Set([a.account.uin]));
    expectError(await call(agent, GROUP, { uin: facts[1]!.account.uin, isRoom: 0 }), 403);
    // The administrator may name any operator.
    expect(await groupList({ adminUserId: agent.operator.id, uin: a.account.uin })).toHaveLength(a.rooms.length);
  });
});

describe('GET /wechat_api/message/delMsgByOwnerId', () => {
  const NAME = 'delMsgByOwnerId';
  const paramsFor = (i: number) => {
    const a = facts[0]!;
    const f = friendsA[i]!;
    return { ownerId: f.id, wechatUserName: a.account.user_name, wechatContactUserName: f.user_name, uin: a.account.uin };
  };
  const messagesOf = async (contactId: number) =>
    Number(
      (
        await sys.running.store.db
          .selectFrom('messages')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('contact_id', '=', contactId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('needs a login and names each missing parameter', async () => {
    await expectNeedsLogin(sys.running.app!, NAME);
    await expectRequiredParams(admin, NAME, paramsFor(1));
    expect(await messagesOf(friendsA[1]!.id)).toBe(1);
  });

  it('deletes every message with that contact; the conversation leaves the list and is in delData exactly once', async () => {
    const a = facts[0]!;
    const f = friendsA[1]!;
    await inject({ uin: a.account.uin, from: f.user_name, text: '第二条' });
    await inject({ uin: a.account.uin, from: f.user_name, text: '第三条' });
    await sys.settle();
    expect(await messagesOf(f.id)).toBe(3);
    await singleList({}); // reads (and so clears) anything reported before
    const before = (await singleList({ uin: a.account.uin })).lastMsgList;
    expect(before.map((i) => i.wechatContactId)).toContain(f.id);

    expectOk(await call(admin, NAME, paramsFor(1), 'post-json'), NAME);
    expect(await messagesOf(f.id)).toBe(0);
    for (const other of friendsA.filter((o) => o.id !== f.id)) expect(await messagesOf(other.id)).toBeGreaterThan(0);

    const next = await singleList({ status: 1, pageSize: 100 });
    expect(next.lastMsgList.map((i) => i.wechatContactId)).not.toContain(f.id);
    expect(next.lastMsgList.filter((i) => i.uin === a.account.uin)).toHaveLength(before.length - 1);
    expect(next.delData.filter((d) => d.wechatContactId === f.id)).toHaveLength(1);
    expect(next.delData.find((d) => d.wechatContactId === f.id)).toMatchObject({ userName: f.user_name, uin: a.account.uin });
    const after = await singleList({ status: 1, pageSize: 100 });
    expect(after.delData.filter((d) => d.wechatContactId === f.id)).toHaveLength(0);
    expect(after.lastMsgList.map((i) => i.wechatContactId)).not.toContain(f.id);
  });

  it('reports a deletion once to each operator that sees the account', async () => {
    const a = facts[0]!;
    const agent = await admin.agent('contract-del-agent', [a.account.uin]);
    await singleList({}, agent);
    expectOk(await call(admin, NAME, paramsFor(2), 'get'), NAME);
    expect((await singleList({}, agent)).delData.map((d) => d.wechatContactId)).toEqual([friendsA[2]!.id]);
    expect((await singleList({}, agent)).delData).toEqual([]);
    expect((await singleList({})).delData.map((d) => d.wechatContactId)).toEqual([friendsA[2]!.id]);
  });

  it('keeps a deletion for the next answer when the list itself fails', async () => {
    await singleList({});
    expectOk(await call(admin, NAME, paramsFor(5), 'post-json'), NAME);
    const failed = await call(admin, SINGLE, { uin: '1000000001' });
    expect(failed.body.code, failed.raw).toBe(404);
    expect((await singleList({})).delData.map((d) => d.wechatContactId)).toEqual([friendsA[5]!.id]);
  });

  it('reports a deletion made on another API node once its notification arrives', async () => {
    const a = facts[0]!;
    const f = (await friendsOf(a.account.id))[6]!;
    await inject({ uin: a.account.uin, from: f.user_name, text: '另一台服务器上删除' });
    await sys.settle();
    await singleList({});
    // Another node deleted the history: the row changed in the shared store, the notice is on its way.
    const at = Date.now() + 60_000;
    await markDeleted(sys.running.store.db, f.id, at);
    expect((await singleList({})).delData).toEqual([]); // not known here yet: the cursor stays put
    await sys.bus.publish('notifications', {
      type: 'conversation.deleted',
      data: { accountId: a.account.id, uin: a.account.uin, contactId: f.id, deletedAt: at },
    });
    await sys.settle();
    expect((await singleList({})).delData.map((d) => d.wechatContactId)).toEqual([f.id]);
    expect((await singleList({})).delData).toEqual([]);
  });

  it('accepts a form body too; a new message brings the conversation back with only that message', async () => {
    const a = facts[0]!;
    const f = friendsA[3]!;
    const r = await call(admin, NAME, paramsFor(3), 'post-form');
    expectOk(r, NAME);
    expect(await messagesOf(f.id)).toBe(0);
    await inject({ uin: a.account.uin, from: f.user_name, text: '删除后的新消息' });
    await sys.settle();
    const list = (await singleList({ uin: a.account.uin })).lastMsgList;
    expect(list[0].wechatContactId).toBe(f.id);
    expect(JSON.parse(list[0].lastMsg).content).toBe('删除后的新消息');
    expect(await messagesOf(f.id)).toBe(1);
  });

  it('reports a deletion made in the same millisecond as one already reported', async () => {
    const a = facts[0]!;
    await singleList({});
    const frozen = vi.spyOn(systemClock, 'now').mockReturnValue(Date.now());
    try {
      expectOk(await call(admin, NAME, paramsFor(4), 'post-json'), NAME);
      expect((await singleList({})).delData.map((d) => d.wechatContactId)).toEqual([friendsA[4]!.id]);
      expectOk(await call(admin, NAME, paramsFor(5), 'post-json'), NAME);
      expect((await singleList({})).delData.map((d) => d.wechatContactId)).toEqual([friendsA[5]!.id]);
      expect((await singleList({})).delData).toEqual([]);
    } finally {
      frozen.mockRestore();
    }
    const list = (await singleList({ uin: a.account.uin })).lastMsgList.map((i) => i.wechatContactId);
    expect(list).not.toContain(friendsA[4]!.id);
    expect(list).not.toContain(friendsA[5]!.id);
  });

  it('reports a deletion made after a reported one was revived by a new message, in the same millisecond', async () => {
    const a = facts[0]!;
    const revive = async (i: number) => {
      await inject({ uin: a.account.uin, from: friendsA[i]!.user_name, text: `复活 ${i}` });
      await sys.settle();
    };
    await revive(2);
    await singleList({});
    const frozen = vi.spyOn(systemClock, 'now').mockReturnValue(Date.now());
    try {
      expectOk(await call(admin, NAME, paramsFor(3), 'post-json'), NAME);
      expect((await singleList({})).delData.map((d) => d.wechatContactId)).toEqual([friendsA[3]!.id]);
      // The reported conversation comes back: it no longer holds the newest deletion time.
      await revive(3);
      expectOk(await call(admin, NAME, paramsFor(2), 'post-json'), NAME);
      expect((await singleList({})).delData.map((d) => d.wechatContactId)).toEqual([friendsA[2]!.id]);
    } finally {
      frozen.mockRestore();
    }
  });

  it('refuses a contact that does not match ownerId, another wxid or an unknown contact, deleting nothing', async () => {
    const a = facts[0]!;
    const f = friendsA[0]!;
    const valid = paramsFor(0);
    expectError(await call(admin, NAME, { ...valid, wechatContactUserName: friendsA[4]!.user_name }), 400, 'wechatContactUserName');
    expectError(await call(admin, NAME, { ...valid, wechatUserName: facts[1]!.account.user_name }), 400, 'wechatUserName');
    expectError(await call(admin, NAME, { ...valid, ownerId: 99_999_999 }), 404);
    expectError(await call(admin, NAME, { ...valid, ownerId: 'abc' }), 400, 'ownerId');
    expectError(await call(admin, NAME, { ...valid, ownerId: `${f.id}.9` }), 400, 'ownerId'); // never truncated to f.id
    expectError(await call(admin, NAME, { ...valid, ownerId: `${f.id}.9` }, 'post-form'), 400, 'ownerId');
    expectError(await call(admin, NAME, { ...valid, ownerId: facts[1]!.friend.id }), 404);
    expect(await messagesOf(f.id)).toBe(1);
    const agent = await admin.agent('contract-del-other', [facts[1]!.account.uin]);
    expectError(await call(agent, NAME, valid), 403);
    expect(await messagesOf(f.id)).toBe(1);
    expect((await singleList({ uin: a.account.uin })).lastMsgList.map((i) => i.wechatContactId)).toContain(f.id);
  });
});

describe('GET /wechat_api/wechatContact/updateSetting', () => {
  const NAME = 'updateSetting';
  const settingOf = async (id: number) =>
    (await sys.running.store.db.selectFrom('contacts').select('setting').where('id', '=', id).executeTakeFirstOrThrow()).setting;

  it('needs a login and names each missing parameter', async () => {
    const a = facts[0]!;
    await expectNeedsLogin(sys.running.app!, NAME);
    await expectRequiredParams(admin, NAME, { contactId: a.room.id, setting: 3, wechatUserName: a.account.user_name, uin: a.account.uin });
    expect(await settingOf(a.room.id)).toBe(0);
  });

  it('stores the setting; setting 3 (star) moves the room to the top of the group list', async () => {
    const a = facts[0]!;
    const uin = a.account.uin;
    const before = await groupList({ uin });
    const oldest = before.at(-1);
    expect(before[0].userName).not.toBe(oldest.userName);
    const params = { contactId: oldest.wechatContactId, setting: 3, wechatUserName: a.account.user_name, uin };

    expectOk(await call(admin, NAME, params, 'post-form'), NAME);
    expect(await settingOf(oldest.wechatContactId)).toBe(3);
    const starred = await groupList({ uin });
    expect(starred[0]).toMatchObject({ userName: oldest.userName, chatRoomSettings: '3' });
    expect(starred.slice(1).map((i) => i.userName)).toEqual(before.slice(0, -1).map((i) => i.userName));
    expect(starred.slice(1).every((i) => i.chatRoomSettings === '0')).toBe(true);

    // 1 (mute) and 2 (block) are stored and shown, and do not reorder.
    for (const setting of [1, 2]) {
      expectOk(await call(admin, NAME, { ...params, setting }, 'get'), NAME);
      expect(await settingOf(oldest.wechatContactId)).toBe(setting);
      const list = await groupList({ uin });
      expect(list.map((i) => i.userName)).toEqual(before.map((i) => i.userName));
      expect(list.at(-1).chatRoomSettings).toBe(String(setting));
    }
    expectOk(await call(admin, NAME, { ...params, setting: '0' }, 'post-json'), NAME);
    expect(await settingOf(oldest.wechatContactId)).toBe(0);
    expect(await groupList({ uin })).toEqual(before);
  });

  it('stores a setting on a friend too', async () => {
    const a = facts[0]!;
    const f = friendsA[4]!;
    expectOk(
      await call(admin, NAME, { contactId: f.id, setting: 1, wechatUserName: a.account.user_name, uin: a.account.uin }, 'post-query'),
      NAME,
    );
    expect(await settingOf(f.id)).toBe(1);
  });

  it("refuses any other setting, another wxid or another account's contact, changing nothing", async () => {
    const a = facts[0]!;
    const valid = { contactId: a.room.id, setting: 3, wechatUserName: a.account.user_name, uin: a.account.uin };
    for (const setting of [4, -1, 'x', '', '1.5', '3.9', 'true', true])
      expectError(await call(admin, NAME, { ...valid, setting }), 400, 'setting');
    expectError(await call(admin, NAME, { ...valid, wechatUserName: facts[1]!.account.user_name }), 400, 'wechatUserName');
    expectError(await call(admin, NAME, { ...valid, contactId: facts[1]!.room.id }), 404);
    expectError(await call(admin, NAME, { ...valid, contactId: 99_999_999 }), 404);
    expectError(await call(admin, NAME, { ...valid, uin: '1234500000' }), 404);
    expect(await settingOf(a.room.id)).toBe(0);
    expect(await settingOf(facts[1]!.room.id)).toBe(0);
  });
});
