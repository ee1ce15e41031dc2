import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  expectShape,
  sleep,
} from '../helpers/contract.js';
import { Client } from '../helpers/http.js';
import { startTestSystem, type TestSystem } from '../helpers/system.js';
import { friendsOf as friendsOfAccount, worldFacts } from '../helpers/world.js';

/**
 * Contract tests of the chatroom calls, written from the seed: createChatRoom, getMember,
 * doSave, setAnnouncement, deleteChatRoom, getMemberHeadImg and getGroupCount.
 */

type Facts = Awaited<ReturnType<typeof worldFacts>>;

let sys: TestSystem;
let admin: Client;
let facts: Facts;

const db = () => sys.running.store.db;

async function inject(input: { uin: string; from: string; room?: string; text: string }) {
  const r = await admin.post('/api/v1/simulator/inbound', input);
  expect(r.status, r.raw).toBe(202);
  await sleep(2);
}

const groupList = async (uin: string) => {
  const r = await call(admin, 'findLastMsgList (group chats)', { uin, isRoom: 0, pageSize: 100 });
  expect(Array.isArray(r.body), r.raw.slice(0, 200)).toBe(true);
  return r.body as any[];
};

const roomRow = (accountId: number, userName: string) =>
  db().selectFrom('contacts').selectAll().where('account_id', '=', accountId).where('user_name', '=', userName).executeTakeFirstOrThrow();

const membersOf = (roomId: number) =>
  db().selectFrom('room_members').selectAll().where('room_id', '=', roomId).orderBy('user_name').execute();

const friendsOf = (accountId: number) => friendsOfAccount(sys, accountId);

const roomsOf = (accountId: number) =>
  db().selectFrom('contacts').selectAll().where('account_id', '=', accountId).where('is_room', '=', 1).execute();

beforeAll(async () => {
  sys = await startTestSystem();
  admin = await Client.login(sys.running.app!);
  facts = await worldFacts(sys);
});
afterAll(() => sys?.close());

describe('GET /wechat_api/chatroom/createChatRoom', () => {
  const NAME = 'createChatRoom';

  /** Waits for the room named `topic` to arrive from the gateway, and answers it. */
  const arrived = (accountId: number, topic: string) =>
    eventually(sys, async () => {
      const rows = await db()
        .selectFrom('contacts')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('nick_name', '=', topic)
        .execute();
      expect(rows).toHaveLength(1);
      return rows[0]!;
    });

  async function expectCreated(accountIndex: number, topic: string, memberIds: string[]) {
    const a = facts[accountIndex]!;
    const room = await arrived(a.account.id, topic);
    expect(room).toMatchObject({ is_room: 1, is_delete: 0, owner_user_name: a.account.user_name, member_count: memberIds.length + 1 });
    expect(room.user_name).toMatch(/^\d+@chatroom$/);
    const members = await membersOf(room.id);
    expect(members.map((m) => m.user_name).sort()).toEqual([a.account.user_name, ...memberIds].sort());
    expect(members.find((m) => m.user_name === a.account.user_name)!.is_owner).toBe(1);
    const system = await db().selectFrom('messages').selectAll().where('contact_id', '=', room.id).where('msg_type', '=', 10000).execute();
    expect(system).toHaveLength(1);
    expect(system[0]!.content).toMatch(/加入了群聊/);
    // It shows in the group list, with that system message as its last message.
    const item = (await groupList(a.account.uin)).find((i) => i.userName === room.user_name);
    const { lastMsg } = expectConversation(item, 'room_conversation');
    expect(item).toMatchObject({ nickName: topic, wechatContactId: room.id, isDelete: 0 });
    expect(lastMsg.msgType).toBe(10000);
    return room;
  }

  it('needs a login and names each missing parameter', async () => {
    const a = facts[0]!;
    const [f1, f2] = await friendsOf(a.account.id);
    await expectNeedsLogin(sys.running.app!, NAME);
    await expectRequiredParams(admin, NAME, { uin: a.account.uin, userName: `${f1!.user_name},${f2!.user_name}`, topic: '不应创建' });
    await sys.settle();
    expect(await db().selectFrom('contacts').select('id').where('nick_name', '=', '不应创建').execute()).toEqual([]);
  });

  it("creates the room from the seed's GET, with roomNickName as comma-joined objects", async () => {
    const a = facts[0]!;
    const [f1, f2] = await friendsOf(a.account.id);
    const roomNickName = `{"userName":"${f1!.user_name}","nickName":"🐨"},{"userName":"${f2!.user_name}","nickName":"售前-赖剑鑫"}`;
    const r = await call(
      admin,
      NAME,
      { uin: a.account.uin, userName: `${f1!.user_name},${f2!.user_name}`, topic: '合同测试一群', roomNickName },
      'get',
    );
    expectOk(r, NAME);
    await expectCreated(0, '合同测试一群', [f1!.user_name, f2!.user_name]);
  });

  it('accepts roomNickName as a JSON array, in a JSON body and in a form body', async () => {
    const a = facts[0]!;
    const friends = await friendsOf(a.account.id);
    const [f3, f4, f5] = friends.slice(2, 5);
    const nickNames = [f3!, f4!, f5!].map((f) => ({ userName: f.user_name, nickName: f.nick_name }));
    const json = {
      uin: a.account.uin,
      userName: [f3!, f4!, f5!].map((f) => f.user_name).join(','),
      topic: '合同测试二群',
      roomNickName: nickNames,
    };
    expectOk(await call(admin, NAME, json, 'post-json'), NAME);
    await expectCreated(0, '合同测试二群', [f3!.user_name, f4!.user_name, f5!.user_name]);

    const form = { ...json, topic: '合同测试三群', roomNickName: JSON.stringify(nickNames) };
    expectOk(await call(admin, NAME, form, 'post-form'), NAME);
    await expectCreated(0, '合同测试三群', [f3!.user_name, f4!.user_name, f5!.user_name]);

    // Without roomNickName, from the query string of a POST, with a room member who is not a friend.
    const b = facts[1]!;
    const bFriends = await friendsOf(b.account.id);
    const stranger = b.members.find((m) => !bFriends.some((f) => f.user_name === m.user_name));
    const others = [bFriends[0]!.user_name, stranger?.user_name ?? bFriends[1]!.user_name];
    expectOk(await call(admin, NAME, { uin: b.account.uin, userName: others.join(','), topic: '合同测试四群' }, 'post-query'), NAME);
    await expectCreated(1, '合同测试四群', others);
  });

  it('refuses a malformed roomNickName, too few members or an unknown account, creating nothing', async () => {
    const a = facts[0]!;
    const [f1, f2] = await friendsOf(a.account.id);
    const valid = { uin: a.account.uin, userName: `${f1!.user_name},${f2!.user_name}`, topic: '不应出现的群' };
    const before = (await roomsOf(a.account.id)).length;
    expectError(await call(admin, NAME, { ...valid, roomNickName: '{not json' }), 400, 'roomNickName');
    expectError(await call(admin, NAME, { ...valid, roomNickName: '[{"userName":1}]' }), 400, 'roomNickName');
    expectError(await call(admin, NAME, { ...valid, userName: f1!.user_name }), 400, 'userName');
    expectError(await call(admin, NAME, { ...valid, userName: `${f1!.user_name},bad name` }), 400, 'userName');
    expectError(await call(admin, NAME, { ...valid, topic: '' }), 400, 'topic');
    expectError(await call(admin, NAME, { ...valid, uin: '1234500000' }), 404);
    await sys.settle();
    expect((await roomsOf(a.account.id)).length).toBe(before);
  });
});

describe('GET /wechat_api/chatroom/getMember', () => {
  const NAME = 'getMember';

  it('needs a login and names each missing parameter', async () => {
    const a = facts[2]!;
    await expectNeedsLogin(sys.running.app!, NAME);
    await expectRequiredParams(admin, NAME, { uin: a.account.uin, userName: a.account.user_name, charRoomId: a.room.user_name });
  });

  it("answers a JSON string holding every member with every field of the seed's example, however the parameters are sent", async () => {
    const a = facts[2]!;
    const friends = new Set((await friendsOf(a.account.id)).map((f) => f.user_name));
    for (const room of a.rooms.slice(0, 2)) {
      const stored = await membersOf(room.id);
      const params = { uin: a.account.uin, userName: a.account.user_name, charRoomId: room.user_name };
      let first: unknown;
      for (const mode of MODES) {
        const r = await call(admin, NAME, params, mode);
        expect(r.status, r.raw).toBe(200);
        expect(String(r.headers['content-type'])).toMatch(/^application\/json/);
        expect(r.body, 'the answer is a JSON string').toBeTypeOf('string');
        const members = JSON.parse(r.body);
        expect(Array.isArray(members)).toBe(true);
        expect(members).toHaveLength(stored.length);
        expect(members).toHaveLength(room.member_count);
        for (const m of members) {
          expectShape(m, 'member');
          const row = stored.find((s) => s.user_name === m.userName)!;
          expect(row, m.userName).toBeDefined();
          expect(m).toMatchObject({
            wechatContactId: room.id,
            wechatContactUserName: room.user_name,
            wechatUserUin: a.account.uin,
            nickName: row.nick_name,
            displayName: row.display_name,
            headImgUrl: row.head_img_url,
            PYInitial: row.py_initial,
            PYQuanPin: row.py_quan_pin,
            isOwner: row.is_owner,
            uniFriend: friends.has(m.userName) ? 1 : 0,
          });
        }
        expect(members.filter((m: any) => m.isOwner === 1).map((m: any) => m.userName)).toEqual([room.owner_user_name]);
        if (first === undefined) first = members;
        else expect(members).toEqual(first);
      }
    }
  });

  it('refreshes stale members from the gateway before answering', async () => {
    const a = facts[2]!;
    const room = a.rooms[2]!;
    const stored = await membersOf(room.id);
    const dropped = stored.find((m) => m.is_owner === 0)!;
    await db().deleteFrom('room_members').where('room_id', '=', room.id).where('user_name', '=', dropped.user_name).execute();
    await db().updateTable('contacts').set({ members_synced_at: 1 }).where('id', '=', room.id).execute();
    const r = await call(admin, NAME, { uin: a.account.uin, userName: a.account.user_name, charRoomId: room.user_name }, 'post-form');
    expect(r.status, r.raw).toBe(200);
    const members = JSON.parse(r.body);
    expect(members.map((m: any) => m.userName).sort()).toEqual(stored.map((m) => m.user_name).sort());
    expect((await membersOf(room.id)).map((m) => m.user_name)).toEqual(stored.map((m) => m.user_name));
    expect((await roomRow(a.account.id, room.user_name)).members_synced_at).toBeGreaterThan(1);
  });

  it("refuses a wxid that is not the account's, an unknown room or another account's room", async () => {
    const a = facts[2]!;
    const valid = { uin: a.account.uin, userName: a.account.user_name, charRoomId: a.room.user_name };
    expectError(await call(admin, NAME, { ...valid, userName: facts[0]!.account.user_name }), 400, 'userName');
    expectError(await call(admin, NAME, { ...valid, charRoomId: '12345678901@chatroom' }), 404);
    expectError(await call(admin, NAME, { ...valid, charRoomId: facts[0]!.room.user_name }), 404);
    expectError(await call(admin, NAME, { ...valid, charRoomId: 'not-a-room' }), 400, 'charRoomId');
    const agent = await admin.agent('contract-member-agent', [facts[0]!.account.uin]);
    expectError(await call(agent, NAME, valid), 403);
  });
});

describe('GET /wechat_api/chatroom/doSave', () => {
  const NAME = 'doSave';
  const hits = async () => {
    const r = await admin.get('/api/v1/keywords/hits');
    expect(r.status, r.raw).toBe(200);
    return r.body as any[];
  };

  it('needs a login and names each missing parameter', async () => {
    await expectNeedsLogin(sys.running.app!, NAME);
    await expectRequiredParams(admin, NAME, { keyword: '不应保存' });
    expect(await db().selectFrom('keywords').select('id').where('keyword', '=', '不应保存').execute()).toEqual([]);
  });

  it('stores the keyword; a group message containing it is a stored hit', async () => {
    const a = facts[2]!;
    expectOk(await call(admin, NAME, { keyword: '红丝' }, 'get'), NAME);
    expectOk(await call(admin, NAME, { keyword: '退款' }, 'post-form'), NAME);
    expectOk(await call(admin, NAME, { keyword: '退款' }, 'post-json'), NAME); // again: not an error, not a second row
    const rows = await db().selectFrom('keywords').selectAll().where('operator_id', '=', admin.operator.id).orderBy('id').execute();
    expect(rows.map((r) => r.keyword)).toEqual(['红丝', '退款']);
    await sys.settle();

    const member = a.members.find((m) => m.user_name !== a.account.user_name)!;
    await inject({ uin: a.account.uin, from: member.user_name, room: a.room.user_name, text: '我要退款，马上' });
    await inject({ uin: a.account.uin, from: a.friend.user_name, text: '单聊里说退款不算' });
    await inject({ uin: a.account.uin, from: member.user_name, room: a.room.user_name, text: '普通消息' });
    await sys.settle();
    const found = await hits();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ keyword: '退款', uin: a.account.uin, sender: member.user_name, content: '我要退款，马上' });
    expect(found[0].room).toMatchObject({ userName: a.room.user_name, contactId: a.room.id });
  });

  it('refuses an empty or oversized keyword', async () => {
    expectError(await call(admin, NAME, { keyword: '' }), 400, 'keyword');
    expectError(await call(admin, NAME, { keyword: '   ' }, 'post-form'), 400, 'keyword');
    expectError(await call(admin, NAME, { keyword: '长'.repeat(51) }), 400, 'keyword');
    expect(await db().selectFrom('keywords').select('id').execute()).toHaveLength(2);
  });
});

describe('POST /wechat_api/chatroom/setAnnouncement', () => {
  const NAME = 'setAnnouncement';
  const announcementOf = async (id: number) =>
    (await db().selectFrom('contacts').select('announcement').where('id', '=', id).executeTakeFirstOrThrow()).announcement;

  it('needs a login and names each missing parameter', async () => {
    const a = facts[2]!;
    await expectNeedsLogin(sys.running.app!, NAME);
    const before = await announcementOf(a.rooms[1]!.id);
    await expectRequiredParams(admin, NAME, { uin: a.account.uin, content: '不应保存', chatRoomId: a.rooms[1]!.user_name });
    await sys.settle();
    expect(await announcementOf(a.rooms[1]!.id)).toBe(before);
  });

  it("sets the announcement through the gateway (the seed's POST) and stores it once confirmed", async () => {
    const a = facts[2]!;
    const room = a.rooms[1]!;
    expectOk(await call(admin, NAME, { uin: a.account.uin, content: '哈哈哈哈', chatRoomId: room.user_name }, 'post-json'), NAME);
    await eventually(sys, async () => expect(await announcementOf(room.id)).toBe('哈哈哈哈'));
    const system = await db()
      .selectFrom('messages')
      .select('content')
      .where('contact_id', '=', room.id)
      .where('msg_type', '=', 10000)
      .execute();
    expect(system.map((m) => m.content).join('\n')).toContain('哈哈哈哈');

    expectOk(await call(admin, NAME, { uin: a.account.uin, content: '周五下午三点开会', chatRoomId: room.user_name }, 'get'), NAME);
    await eventually(sys, async () => expect(await announcementOf(room.id)).toBe('周五下午三点开会'));
    expectOk(await call(admin, NAME, { uin: a.account.uin, content: '表单公告', chatRoomId: room.user_name }, 'post-form'), NAME);
    await eventually(sys, async () => expect(await announcementOf(room.id)).toBe('表单公告'));
  });

  it("refuses an unknown room or another account's room, storing nothing", async () => {
    const a = facts[2]!;
    expectError(await call(admin, NAME, { uin: a.account.uin, content: '不应保存', chatRoomId: '12345678901@chatroom' }, 'post-json'), 404);
    expectError(
      await call(admin, NAME, { uin: a.account.uin, content: '不应保存', chatRoomId: facts[0]!.room.user_name }, 'post-json'),
      404,
    );
    await sys.settle();
    expect(await announcementOf(facts[0]!.room.id)).not.toBe('不应保存');
  });
});

describe('GET /wechat_api/chatroom/deleteChatRoom', () => {
  const NAME = 'deleteChatRoom';
  const isDelete = async (id: number) =>
    (await db().selectFrom('contacts').select('is_delete').where('id', '=', id).executeTakeFirstOrThrow()).is_delete;

  it('needs a login and names each missing parameter', async () => {
    const b = facts[1]!;
    await expectNeedsLogin(sys.running.app!, NAME);
    await expectRequiredParams(admin, NAME, { uin: b.account.uin, chatRoomId: b.rooms[2]!.user_name });
    await sys.settle();
    expect(await isDelete(b.rooms[2]!.id)).toBe(0);
  });

  it('quits the room through the gateway and marks it isDelete=1; it leaves the group list and the room count', async () => {
    const b = facts[1]!;
    const [r1, r2] = [b.rooms[2]!, b.rooms[3]!];
    for (const room of [r1, r2]) {
      const member = (await membersOf(room.id)).find((m) => m.user_name !== b.account.user_name)!;
      await inject({ uin: b.account.uin, from: member.user_name, room: room.user_name, text: `${room.nick_name} 有人吗` });
    }
    await sys.settle();
    expect((await groupList(b.account.uin)).map((i) => i.userName)).toEqual(expect.arrayContaining([r1.user_name, r2.user_name]));
    const countBefore = expectOkData(await call(admin, 'getGroupCount', { uin: b.account.uin }), 'getGroupCount').roomCount;

    expectOk(await call(admin, NAME, { uin: b.account.uin, chatRoomId: r1.user_name }, 'get'), NAME);
    await eventually(sys, async () => expect(await isDelete(r1.id)).toBe(1));
    expectOk(await call(admin, NAME, { uin: b.account.uin, chatRoomId: r2.user_name }, 'post-form'), NAME);
    await eventually(sys, async () => expect(await isDelete(r2.id)).toBe(1));

    const list = await groupList(b.account.uin);
    expect(list.map((i) => i.userName)).not.toContain(r1.user_name);
    expect(list.map((i) => i.userName)).not.toContain(r2.user_name);
    expect(list.every((i) => i.isDelete === 0)).toBe(true);
    expect(expectOkData(await call(admin, 'getGroupCount', { uin: b.account.uin }), 'getGroupCount').roomCount).toBe(countBefore - 2);
  });

  it('refuses an unknown room, changing nothing', async () => {
    const b = facts[1]!;
    expectError(await call(admin, NAME, { uin: b.account.uin, chatRoomId: '12345678901@chatroom' }, 'post-json'), 404);
    expectError(await call(admin, NAME, { uin: b.account.uin, chatRoomId: facts[2]!.room.user_name }, 'post-json'), 404);
    await sys.settle();
    expect(await isDelete(facts[2]!.room.id)).toBe(0);
  });
});

describe('GET /wechat_api/chatroom/getMemberHeadImg', () => {
  const NAME = 'getMemberHeadImg';

  it('needs a login and names each missing parameter', async () => {
    const a = facts[2]!;
    await expectNeedsLogin(sys.running.app!, NAME);
    await expectRequiredParams(admin, NAME, { uin: a.account.uin, userName: a.account.user_name, charRoomId: a.room.user_name });
  });

  it('answers [{userName,headImgUrl}] for every member, however the parameters are sent', async () => {
    const a = facts[2]!;
    for (const room of a.rooms.slice(0, 3)) {
      const stored = await membersOf(room.id);
      let first: unknown;
      for (const mode of MODES) {
        const data = expectOkData(
          await call(admin, NAME, { uin: a.account.uin, userName: a.account.user_name, charRoomId: room.user_name }, mode),
          NAME,
        );
        expect(Array.isArray(data)).toBe(true);
        expect(data).toHaveLength(stored.length);
        for (const item of data) {
          expect(Object.keys(item).sort()).toEqual(['headImgUrl', 'userName']);
          expect(item.userName).toBeTypeOf('string');
          expect(item.headImgUrl).toBeTypeOf('string');
          expect(item.headImgUrl).not.toBe('');
        }
        expect([...data].sort((x: any, y: any) => x.userName.localeCompare(y.userName))).toEqual(
          [...stored]
            .sort((x, y) => x.user_name.localeCompare(y.user_name))
            .map((m) => ({ userName: m.user_name, headImgUrl: m.head_img_url })),
        );
        if (first === undefined) first = data;
        else expect(data).toEqual(first);
      }
    }
  });

  it("refuses a wxid that is not the account's or an unknown room", async () => {
    const a = facts[2]!;
    const valid = { uin: a.account.uin, userName: a.account.user_name, charRoomId: a.room.user_name };
    expectError(await call(admin, NAME, { ...valid, userName: 'wxid_someoneelse' }), 400, 'userName');
    expectError(await call(admin, NAME, { ...valid, charRoomId: '12345678901@chatroom' }), 404);
  });
});

describe('GET /wechat_api/chatroom/getGroupCount', () => {
  const NAME = 'getGroupCount';

  it('needs a login and names each missing parameter', async () => {
    await expectNeedsLogin(sys.running.app!, NAME);
    await expectRequiredParams(admin, NAME, { uin: facts[2]!.account.uin, chatRoomId: facts[2]!.room.user_name });
  });

  it('with chatRoomId answers {chatRoomId, memberCount}, the number of members stored', async () => {
    const a = facts[2]!;
    for (const room of a.rooms) {
      const members = await membersOf(room.id);
      for (const mode of MODES) {
        const data = expectOkData(await call(admin, NAME, { uin: a.account.uin, chatRoomId: room.user_name }, mode), NAME);
        expect(data).toStrictEqual({ chatRoomId: room.user_name, memberCount: members.length });
      }
    }
  });

  it("without chatRoomId answers {uin, roomCount}, the account's rooms it has not left", async () => {
    for (const f of facts) {
      const rooms = (await roomsOf(f.account.id)).filter((r) => r.is_delete === 0);
      const data = expectOkData(await call(admin, NAME, { uin: f.account.uin }, 'post-json'), NAME);
      expect(data).toStrictEqual({ uin: f.account.uin, roomCount: rooms.length });
    }
  });

  it('refuses an unknown room or account', async () => {
    const a = facts[2]!;
    expectError(await call(admin, NAME, { uin: a.account.uin, chatRoomId: '12345678901@chatroom' }), 404);
    expectError(await call(admin, NAME, { uin: '1234500000' }), 404);
  });
});
