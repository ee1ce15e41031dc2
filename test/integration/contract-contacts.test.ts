import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatorGateway, type DirectoryEntry } from '../../src/adapters/gateways/simulator/index.js';
import {
  MODES,
  call,
  callOf,
  eventually,
  expectError,
  expectNeedsLogin,
  expectOk,
  expectOkData,
  expectRequiredParams,
  successMsg,
} from '../helpers/contract.js';
import { Client } from '../helpers/http.js';
import { startTestSystem, type TestSystem } from '../helpers/system.js';
import { worldFacts } from '../helpers/world.js';

/**
 * Contract tests of the contact calls, written from the seed: syncContact,
 * ipadGetMemberDetail, addChatRoomContactAndRecord, ipadSearchContact and ipadGetContact.
 */

type Facts = Awaited<ReturnType<typeof worldFacts>>;

let sys: TestSystem;
let admin: Client;
let facts: Facts;
/** The simulated world of the test system (same seed and size): who can be found by phone or QQ. */
let directory: Map<string, DirectoryEntry>;

const db = () => sys.running.store.db;

const friendsOf = (accountId: number) =>
  db()
    .selectFrom('contacts')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('is_room', '=', 0)
    .where('contact_flag', '=', 3)
    .where('is_delete', '=', 0)
    .orderBy('id')
    .execute();

const contactOf = (accountId: number, userName: string) =>
  db().selectFrom('contacts').selectAll().where('account_id', '=', accountId).where('user_name', '=', userName).executeTakeFirst();

/** Members of the account's rooms who are not its friends, with the room they are in. */
async function strangersOf(f: Facts[number]) {
  const friends = new Set((await friendsOf(f.account.id)).map((c) => c.user_name));
  const out: { room: string; userName: string }[] = [];
  for (const room of f.rooms) {
    const members = await db().selectFrom('room_members').select('user_name').where('room_id', '=', room.id).orderBy('user_name').execute();
    for (const m of members)
      if (m.user_name !== f.account.user_name && !friends.has(m.user_name) && !out.some((o) => o.userName === m.user_name))
        out.push({ room: room.user_name, userName: m.user_name });
  }
  return out;
}

beforeAll(async () => {
  sys = await startTestSystem();
  admin = await Client.login(sys.running.app!);
  facts = await worldFacts(sys);
  const world = new SimulatorGateway({ seed: 7, accounts: 3, rate: 0, delayMs: 20 });
  // Ingest workers may store the accounts in any order.
  expect(world.accountUins().toSorted()).toEqual(facts.map((f) => f.account.uin).toSorted());
  directory = new Map(world.directory().map((d) => [d.userName, d]));
});
afterAll(() => sys?.close());

describe('GET /wechat_api/wechatuser/syncContact', () => {
  const NAME = 'syncContact';
  const jobsOf = (accountId: number) =>
    db().selectFrom('jobs').selectAll().where('account_id', '=', accountId).where('kind', '=', 'syncContacts').orderBy('id').execute();
  const expected = { code: 200, msg: '同步请求已提交,请耐心等待!', data: null };

  it('needs a login and names each missing parameter', async () => {
    await expectNeedsLogin(sys.running.app!, NAME);
    await expectRequiredParams(admin, NAME, { uin: facts[2]!.account.uin });
    expect(await jobsOf(facts[2]!.account.id)).toEqual([]);
  });

  it('answers {code:200,msg:"同步请求已提交,请耐心等待!",data:null} and runs one sync job to the end', async () => {
    const c = facts[2]!;
    expect(callOf(NAME).success).toEqual(expected);
    const r = await call(admin, NAME, { uin: c.account.uin }, 'post-json');
    expect(r.status, r.raw).toBe(200);
    expect(r.body).toStrictEqual(expected);
    const [job] = await jobsOf(c.account.id);
    expect(job).toMatchObject({ status: 'running' });

    // A second request while it runs starts nothing new, and answers the same.
    const again = await call(admin, NAME, { uin: c.account.uin }, 'get');
    expect(again.body).toStrictEqual(expected);
    expect(await jobsOf(c.account.id)).toHaveLength(1);

    const done = await eventually(sys, async () => {
      const [row] = await jobsOf(c.account.id);
      expect(row!.status).toBe('done');
      return row!;
    });
    const friends = await friendsOf(c.account.id);
    const rooms = c.rooms.filter((r) => r.is_delete === 0);
    expect(done).toMatchObject({ id: job!.id, error: null, total: friends.length + rooms.length, done: friends.length + rooms.length });

    // Finished: the next request starts a new job.
    expect((await call(admin, NAME, { uin: c.account.uin }, 'post-form')).body).toStrictEqual(expected);
    const jobs = await jobsOf(c.account.id);
    expect(jobs).toHaveLength(2);
    await eventually(sys, async () => expect((await jobsOf(c.account.id)).map((j) => j.status)).toEqual(['done', 'done']));
  });

  it('starts only one job for requests that arrive together', async () => {
    const b = facts[1]!;
    const replies = await Promise.all(MODES.map((mode) => call(admin, NAME, { uin: b.account.uin }, mode)));
    for (const r of replies) expect(r.body).toStrictEqual(expected);
    await eventually(sys, async () => expect((await jobsOf(b.account.id)).every((j) => j.status === 'done')).toBe(true));
    // On a busy machine a sync can finish before the last request arrives, which may then
    // start the next one; what must never happen is two running at once.
    const jobs = await jobsOf(b.account.id);
    expect(jobs.length).toBeGreaterThanOrEqual(1);
    expect(jobs.length).toBeLessThan(MODES.length);
    for (let i = 1; i < jobs.length; i++) expect(jobs[i]!.created_at).toBeGreaterThanOrEqual(jobs[i - 1]!.updated_at);
  });

  it("refuses an unknown account or another operator's account, starting nothing", async () => {
    expectError(await call(admin, NAME, { uin: '1234500000' }), 404);
    const agent = await admin.agent('contract-sync-agent', [facts[1]!.account.uin]);
    expectError(await call(agent, NAME, { uin: facts[0]!.account.uin }), 403);
    expect(await jobsOf(facts[0]!.account.id)).toEqual([]);
  });
});

describe('GET /wechat_api/wechatContact/ipadGetMemberDetail', () => {
  const NAME = 'ipadGetMemberDetail';

  it('needs a login and names each missing parameter', async () => {
    const a = facts[0]!;
    await expectNeedsLogin(sys.running.app!, NAME);
    await expectRequiredParams(admin, NAME, { chatRoomName: a.room.user_name, uin: a.account.uin, userName: a.members[0]!.user_name });
  });

  it("answers the member's detail from the gateway, however the parameters are sent", async () => {
    const a = facts[0]!;
    const friends = new Set((await friendsOf(a.account.id)).map((f) => f.user_name));
    const members = await db()
      .selectFrom('room_members')
      .selectAll()
      .where('room_id', '=', a.room.id)
      .where('user_name', '!=', a.account.user_name)
      .execute();
    const friend = members.find((m) => friends.has(m.user_name));
    const stranger = members.find((m) => !friends.has(m.user_name));
    for (const m of [friend, stranger, members[0]].filter((x) => x !== undefined)) {
      let first: unknown;
      for (const mode of MODES) {
        const data = expectOkData(
          await call(admin, NAME, { chatRoomName: a.room.user_name, uin: a.account.uin, userName: m.user_name }, mode),
          NAME,
        );
        expect(data).toMatchObject({
          userName: m.user_name,
          nickName: directory.get(m.user_name)!.nickName,
          displayName: m.display_name,
          headImgUrl: m.head_img_url,
          isFriend: friends.has(m.user_name),
        });
        expect(data.nickName).toBe(m.nick_name);
        expect([1, 2]).toContain(data.sex);
        for (const field of ['province', 'city', 'signature']) {
          expect(data[field], field).toBeTypeOf('string');
          expect(data[field], field).not.toBe('');
        }
        if (first === undefined) first = data;
        else expect(data).toEqual(first);
      }
    }
  });

  it('refuses an unknown room, and a non-member, with 404', async () => {
    const a = facts[0]!;
    expectError(
      await call(admin, NAME, { chatRoomName: '12345678901@chatroom', uin: a.account.uin, userName: a.members[0]!.user_name }),
      404,
    );
    expectError(await call(admin, NAME, { chatRoomName: a.room.user_name, uin: a.account.uin, userName: 'wxid_nobodyhere' }), 404);
  });
});

describe('GET /wechat_api/wechatContact/addChatRoomContactAndRecord', () => {
  const NAME = 'addChatRoomContactAndRecord';
  const requestsOf = (accountId: number, userName: string) =>
    db()
      .selectFrom('friend_requests')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('user_name', '=', userName)
      .orderBy('id')
      .execute();

  it('needs a login and names each missing parameter', async () => {
    const b = facts[1]!;
    const [s] = await strangersOf(b);
    await expectNeedsLogin(sys.running.app!, NAME);
    await expectRequiredParams(admin, NAME, { chatRoomName: s!.room, uin: b.account.uin, userName: s!.userName, verify: '你好' });
    expect(await requestsOf(b.account.id, s!.userName)).toEqual([]);
  });

  it('records the friend request; it becomes accepted (status 1) and the member a friend contact', async () => {
    const b = facts[1]!;
    const strangers = await strangersOf(b);
    expect(strangers.length).toBeGreaterThanOrEqual(2);
    const [s1, s2] = strangers;

    const r = await call(
      admin,
      NAME,
      { chatRoomName: s1!.room, uin: b.account.uin, userName: s1!.userName, verify: '我是合同测试' },
      'post-form',
    );
    expectOk(r, NAME);
    const [recorded] = await requestsOf(b.account.id, s1!.userName);
    expect(recorded).toMatchObject({ room_user_name: s1!.room, verify: '我是合同测试' });
    expect([0, 1]).toContain(recorded!.status);

    await eventually(sys, async () => {
      const rows = await requestsOf(b.account.id, s1!.userName);
      expect(rows.map((x) => x.status)).toEqual([1]);
      const contact = await contactOf(b.account.id, s1!.userName);
      expect(contact).toMatchObject({ contact_flag: 3, is_room: 0, is_delete: 0, nick_name: directory.get(s1!.userName)!.nickName });
    });
    // getMember now shows the member as a friend.
    const members = JSON.parse(
      (await call(admin, 'getMember', { uin: b.account.uin, userName: b.account.user_name, charRoomId: s1!.room })).body,
    );
    expect(members.find((m: any) => m.userName === s1!.userName).uniFriend).toBe(1);

    // The seed's GET without verify: recorded with a default greeting.
    expectOk(await call(admin, NAME, { chatRoomName: s2!.room, uin: b.account.uin, userName: s2!.userName }, 'get'), NAME);
    expect((await requestsOf(b.account.id, s2!.userName))[0]!.verify).not.toBe('');
    await eventually(sys, async () => {
      expect((await requestsOf(b.account.id, s2!.userName)).map((x) => x.status)).toEqual([1]);
      expect(await contactOf(b.account.id, s2!.userName)).toMatchObject({ contact_flag: 3, is_room: 0 });
    });
  });

  it('refuses an unknown room, and someone who is not a member of the room, recording nothing', async () => {
    const b = facts[1]!;
    expectError(
      await call(admin, NAME, { chatRoomName: '12345678901@chatroom', uin: b.account.uin, userName: 'wxid_nobodyhere' }, 'post-json'),
      404,
    );
    expect(await requestsOf(b.account.id, 'wxid_nobodyhere')).toEqual([]);
    expectError(
      await call(admin, NAME, { chatRoomName: b.room.user_name, uin: b.account.uin, userName: 'wxid_nobodyhere' }, 'post-json'),
      404,
    );
    await sys.settle();
    expect(await requestsOf(b.account.id, 'wxid_nobodyhere')).toEqual([]);
    expect(await contactOf(b.account.id, 'wxid_nobodyhere')).toBeUndefined();
  });
});

describe('GET /wechat_api/wechatContact/ipadSearchContact', () => {
  const NAME = 'ipadSearchContact';
  const nullAnswer = () => ({ code: 200, msg: successMsg(NAME), data: null });

  function expectFound(data: any, who: DirectoryEntry, stranger: boolean) {
    expect(data).toMatchObject({ userName: who.userName, nickName: who.nickName });
    expect(data.headImgUrl).toBeTypeOf('string');
    expect(data.headImgUrl).not.toBe('');
    expect([1, 2]).toContain(data.sex);
    for (const field of ['province', 'city', 'signature', 'ticket']) expect(data[field], field).toBeTypeOf('string');
    if (stranger) expect(data.ticket).not.toBe('');
    else expect(data.ticket).toBe('');
  }

  it('needs a login and names each missing parameter', async () => {
    await expectNeedsLogin(sys.running.app!, NAME);
    await expectRequiredParams(admin, NAME, { type: 'wxid', uin: facts[0]!.account.uin, userName: facts[0]!.friend.user_name });
  });

  it('finds a user by wxid, phone or QQ, named by type or guessed, however the parameters are sent', async () => {
    const a = facts[0]!;
    const friends = new Set((await friendsOf(a.account.id)).map((f) => f.user_name));
    const accounts = new Set(facts.map((f) => f.account.user_name));
    const stranger = [...directory.values()].find((d) => !friends.has(d.userName) && !accounts.has(d.userName))!;
    const friend = directory.get(a.friend.user_name)!;
    const cases: [Record<string, string>, DirectoryEntry, boolean][] = [
      [{ type: 'wxid', userName: stranger.userName }, stranger, true],
      [{ type: 'phone', userName: stranger.phone }, stranger, true],
      [{ type: 'qq', userName: stranger.qq }, stranger, true],
      [{ userName: stranger.userName }, stranger, true],
      [{ userName: stranger.phone }, stranger, true],
      [{ userName: stranger.qq }, stranger, true],
      [{ type: 'phone', userName: `+86 ${stranger.phone}` }, stranger, true],
      [{ type: 'wxid', userName: friend.userName, verify: '你好' }, friend, false],
      [{ type: '2', userName: friend.phone }, friend, false],
    ];
    for (const [params, who, isStranger] of cases) {
      for (const mode of MODES) {
        const data = expectOkData(await call(admin, NAME, { uin: a.account.uin, ...params }, mode), NAME);
        expectFound(data, who, isStranger);
      }
    }
    const withAlias = [...directory.values()].find((d) => d.alias);
    if (withAlias)
      expectFound(
        expectOkData(await call(admin, NAME, { uin: a.account.uin, type: 'wxid', userName: withAlias.alias! }), NAME),
        withAlias,
        !friends.has(withAlias.userName),
      );
  });

  it('answers data null when nothing is found', async () => {
    const a = facts[0]!;
    const phones = new Set([...directory.values()].map((d) => d.phone));
    const qqs = new Set([...directory.values()].map((d) => d.qq));
    const phone = ['13000000000', '13000000001', '13000000002'].find((p) => !phones.has(p))!;
    const qq = ['99999', '888888', '7777777'].find((q) => !qqs.has(q))!;
    for (const params of [
      { type: 'wxid', userName: 'wxid_nobodyhere' },
      { type: 'phone', userName: phone },
      { type: 'qq', userName: qq },
      { userName: phone },
    ]) {
      for (const mode of ['get', 'post-form'] as const) {
        const r = await call(admin, NAME, { uin: a.account.uin, ...params }, mode);
        expect(r.status, r.raw).toBe(200);
        expect(r.body).toStrictEqual(nullAnswer());
      }
    }
  });

  it('refuses an unknown type or account', async () => {
    const a = facts[0]!;
    expectError(await call(admin, NAME, { uin: a.account.uin, type: 'email', userName: 'x@example.com' }), 400, 'type');
    expectError(await call(admin, NAME, { uin: '1234500000', userName: 'wxid_nobodyhere' }), 404);
  });
});

describe('GET /wechat_api/wechatContact/ipadGetContact', () => {
  const NAME = 'ipadGetContact';
  const expected = () => ({ code: 200, msg: successMsg(NAME), data: null });

  it('needs a login and names each missing parameter', async () => {
    await expectNeedsLogin(sys.running.app!, NAME);
    await expectRequiredParams(admin, NAME, { uin: facts[0]!.account.uin, userName: facts[0]!.friend.user_name });
  });

  it("answers data null and refreshes the contact's profile from the gateway", async () => {
    const a = facts[0]!;
    const friends = await friendsOf(a.account.id);
    for (const [i, mode] of MODES.entries()) {
      const f = friends[i + 1]!;
      await db()
        .updateTable('contacts')
        .set({ nick_name: '过期昵称', py_initial: 'gqnc', py_quan_pin: 'guoqinicheng', head_img_url: '', signature: '' })
        .where('id', '=', f.id)
        .execute();
      const r = await call(admin, NAME, { uin: a.account.uin, userName: f.user_name }, mode);
      expect(r.status, r.raw).toBe(200);
      expect(r.body).toStrictEqual(expected());
      await eventually(sys, async () => {
        const now = await contactOf(a.account.id, f.user_name);
        expect(now).toMatchObject({
          nick_name: directory.get(f.user_name)!.nickName,
          py_quan_pin: f.py_quan_pin,
          py_initial: f.py_initial,
          head_img_url: f.head_img_url,
          contact_flag: 3,
        });
        expect(now!.signature).not.toBe('');
      });
    }
  });

  it('refreshes a room too', async () => {
    const a = facts[0]!;
    const room = a.rooms[1]!;
    await db().updateTable('contacts').set({ nick_name: '过期群名' }).where('id', '=', room.id).execute();
    expect((await call(admin, NAME, { uin: a.account.uin, userName: room.user_name }, 'post-json')).body).toStrictEqual(expected());
    await eventually(sys, async () => expect((await contactOf(a.account.id, room.user_name))!.nick_name).toBe(room.nick_name));
  });

  it('refuses an unknown account', async () => {
    expectError(await call(admin, NAME, { uin: '1234500000', userName: facts[0]!.friend.user_name }), 404);
  });
});
