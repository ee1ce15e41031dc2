import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, contract, eventually, sleep, type Mode, type Params } from '../helpers/contract.js';
import { CONSOLE_HEADERS, Client, type Reply } from '../helpers/http.js';
import { startTestSystem, type TestSystem } from '../helpers/system.js';
import { friendsOf, worldFacts } from '../helpers/world.js';

/**
 * An operator sees and acts on only the accounts assigned to it (DESIGN §3, §7). Agent A
 * works account 1, agent B account 2; B naming anything of account 1 is refused with 403
 * and changes nothing, for every documented call and every /api/v1 route that takes an
 * account or a contact.
 */

type Facts = Awaited<ReturnType<typeof worldFacts>>[number];

let sys: TestSystem;
let app: FastifyInstance;
let admin: Client;
let A: Client;
let B: Client;
let one: Facts;
let two: Facts;
/** Friends of account 1: `f1` has history (deleted by A's control), `f1b` keeps its conversation. */
let f1: Facts['friend'];
let f1b: Facts['friend'];
let f1c: Facts['friend'];
/** Account 1's room that A quits in deleteChatRoom's control; every other call uses `one.room`. */
let quitRoom: Facts['room'];
let jobOfOne: number;
let keywordOfA: number;

const KW_A = '甲方违禁词';
const KW_B = '乙方违禁词';

/** Everything a request could change, row by row. */
async function snapshot() {
  const db = sys.running.store.db;
  return {
    accounts: await db.selectFrom('accounts').selectAll().orderBy('id').execute(),
    operators: await db.selectFrom('operators').select(['id', 'username', 'role', 'password_hash']).orderBy('id').execute(),
    operator_accounts: await db.selectFrom('operator_accounts').selectAll().orderBy('operator_id').orderBy('account_id').execute(),
    contacts: await db.selectFrom('contacts').selectAll().orderBy('id').execute(),
    room_members: await db.selectFrom('room_members').selectAll().orderBy('room_id').orderBy('user_name').execute(),
    messages: await db.selectFrom('messages').selectAll().orderBy('id').execute(),
    conversations: await db.selectFrom('conversations').selectAll().orderBy('contact_id').execute(),
    keywords: await db.selectFrom('keywords').selectAll().orderBy('id').execute(),
    keyword_hits: await db.selectFrom('keyword_hits').selectAll().orderBy('id').execute(),
    friend_requests: await db.selectFrom('friend_requests').selectAll().orderBy('id').execute(),
    jobs: await db.selectFrom('jobs').selectAll().orderBy('id').execute(),
  };
}

/** The state once background work (delayed simulator replies, sync steps) has stopped changing it. */
async function stableSnapshot() {
  let before = await snapshot();
  for (let i = 0; i < 50; i++) {
    await sys.settle();
    await sleep(40);
    await sys.settle();
    const after = await snapshot();
    if (JSON.stringify(after) === JSON.stringify(before)) return after;
    before = after;
  }
  throw new Error('the store never settled');
}

/**
 * Runs `act` and checks that the store is exactly as before, once everything it caused has
 * run. The world is quiet in between: SIM_RATE 0, and each control waits for its own outcome.
 */
async function expectNoChange(act: () => Promise<void>) {
  const before = await snapshot();
  await act();
  // A wrongly accepted call would have put its command on the bus before answering (a friend
  // request is even recorded first): draining the bus lets its outcome reach the store.
  await sys.settle();
  expect(await snapshot()).toEqual(before);
}

function expectEnvelope(r: Reply, status: number) {
  expect(r.status, r.raw).toBe(status);
  expect(String(r.headers['content-type'])).toMatch(/^application\/json/);
  expect(Object.keys(r.body ?? {}).sort()).toEqual(['code', 'msg']);
  expect(r.body.code).toBe(status);
  expect(r.body.msg).toMatch(/[\u4e00-\u9fff]/);
}

function expectProblem(r: Reply, status: number) {
  expect(r.status, r.raw).toBe(status);
  expect(String(r.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(r.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
}

const modesOf = (method: string): Mode[] => (method === 'POST' ? ['post-json', 'post-query'] : ['get', 'post-json']);

interface Attempt {
  label: string;
  params: () => Params;
  /** 403 when the call names account 1 or a contact of it by id; 404 for a room name looked up in account 2. */
  status: 403 | 404;
}

interface IsolationCase {
  attempts: Attempt[];
  /** A, who works account 1, makes the same call: it is accepted (so B's 403 is about B alone). */
  control?: (r: Reply) => Promise<void>;
  controlParams?: () => Params;
  /** For calls that name no account. */
  custom?: () => Promise<void>;
}

const acct1 = (): Params => ({ uin: one.account.uin });

const CASES: Record<string, IsolationCase> = {
  delMsgByOwnerId: {
    attempts: [
      {
        label: 'uin of account 1',
        params: () => ({
          ownerId: f1.id,
          wechatUserName: one.account.user_name,
          wechatContactUserName: f1.user_name,
          uin: one.account.uin,
        }),
        status: 403,
      },
      {
        label: 'contact id of account 1 with uin of account 2',
        params: () => ({
          ownerId: f1.id,
          wechatUserName: two.account.user_name,
          wechatContactUserName: f1.user_name,
          uin: two.account.uin,
        }),
        status: 403,
      },
    ],
    controlParams: () => ({
      ownerId: f1.id,
      wechatUserName: one.account.user_name,
      wechatContactUserName: f1.user_name,
      uin: one.account.uin,
    }),
    control: async (r) => {
      expect(r.body).toStrictEqual({ code: 200, msg: '删除成功!' });
      const left = await sys.running.store.db.selectFrom('messages').select('id').where('contact_id', '=', f1.id).execute();
      expect(left).toHaveLength(0);
    },
  },
  createChatRoom: {
    attempts: [
      {
        label: 'uin of account 1',
        params: () => ({ uin: one.account.uin, userName: `${f1b.user_name},${f1c.user_name}`, topic: 'B的越权群' }),
        status: 403,
      },
    ],
    controlParams: () => ({ uin: one.account.uin, userName: `${f1b.user_name},${f1c.user_name}`, topic: 'A的新群' }),
    control: async (r) => {
      expect(r.body).toStrictEqual({ code: 200, msg: '请求发送成功!' });
      await eventually(sys, async () => {
        const room = await sys.running.store.db
          .selectFrom('contacts')
          .select('id')
          .where('account_id', '=', one.account.id)
          .where('nick_name', '=', 'A的新群')
          .executeTakeFirst();
        expect(room).toBeDefined();
      });
    },
  },
  'findLastMsgList (single chats)': {
    attempts: [{ label: 'uin of account 1', params: () => ({ status: 1, uin: one.account.uin }), status: 403 }],
    controlParams: () => ({ status: 1, uin: one.account.uin }),
    control: async (r) => {
      expect(r.status).toBe(200);
      expect(r.body.data.lastMsgList.length).toBeGreaterThan(0);
      for (const c of r.body.data.lastMsgList) expect(c.uin).toBe(one.account.uin);
    },
  },
  'findLastMsgList (group chats)': {
    attempts: [
      {
        label: 'uin of account 1',
        params: () => ({ adminUserId: B.operator.id, uin: one.account.uin, isRoom: 1, page: 1, wechatContactName: '' }),
        status: 403,
      },
      { label: 'uin of account 1, no adminUserId', params: () => ({ uin: one.account.uin, isRoom: 1 }), status: 403 },
    ],
    controlParams: () => ({ adminUserId: A.operator.id, uin: one.account.uin, isRoom: 1, page: 1, wechatContactName: '' }),
    control: async (r) => {
      expect(r.status).toBe(200);
      expect(Array.isArray(r.body)).toBe(true);
      expect(r.body.length).toBeGreaterThan(0);
      for (const c of r.body) expect(c.uin).toBe(one.account.uin);
    },
  },
  updateSetting: {
    attempts: [
      {
        label: 'room of account 1',
        params: () => ({ contactId: one.room.id, setting: 3, wechatUserName: one.account.user_name, uin: one.account.uin }),
        status: 403,
      },
      {
        label: 'friend of account 1',
        params: () => ({ contactId: f1b.id, setting: 2, wechatUserName: one.account.user_name, uin: one.account.uin }),
        status: 403,
      },
      {
        label: 'contact id of account 1 with uin of account 2',
        params: () => ({ contactId: one.room.id, setting: 3, wechatUserName: two.account.user_name, uin: two.account.uin }),
        status: 403,
      },
    ],
    controlParams: () => ({ contactId: one.room.id, setting: 1, wechatUserName: one.account.user_name, uin: one.account.uin }),
    control: async (r) => {
      expect(r.body).toStrictEqual({ code: 200, msg: '保存成功' });
      const row = await sys.running.store.db
        .selectFrom('contacts')
        .select('setting')
        .where('id', '=', one.room.id)
        .executeTakeFirstOrThrow();
      expect(row.setting).toBe(1);
    },
  },
  syncContact: {
    attempts: [{ label: 'uin of account 1', params: acct1, status: 403 }],
    controlParams: acct1,
    control: async (r) => {
      expect(r.body).toStrictEqual({ code: 200, msg: '同步请求已提交,请耐心等待!', data: null });
      await eventually(sys, async () => {
        const running = await sys.running.store.db
          .selectFrom('jobs')
          .select('id')
          .where('account_id', '=', one.account.id)
          .where('status', '=', 'running')
          .execute();
        expect(running).toHaveLength(0);
      });
    },
  },
  getMember: {
    attempts: [
      {
        label: 'uin of account 1',
        params: () => ({ uin: one.account.uin, userName: one.account.user_name, charRoomId: one.room.user_name }),
        status: 403,
      },
      {
        label: 'room of account 1 with uin of account 2',
        params: () => ({ uin: two.account.uin, userName: two.account.user_name, charRoomId: one.room.user_name }),
        status: 404,
      },
    ],
    controlParams: () => ({ uin: one.account.uin, userName: one.account.user_name, charRoomId: one.room.user_name }),
    control: async (r) => {
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body).length).toBeGreaterThan(0);
    },
  },
  doSave: {
    attempts: [],
    // doSave names no account: B's keyword watches B's groups only, never account 1's.
    custom: async () => {
      const db = sys.running.store.db;
      const before = await db.selectFrom('keyword_hits').select('id').execute();
      // A room message of account 1 carrying B's keyword: no hit of B's keyword, none visible to B.
      await inbound(one, `群里有人说${KW_B}了`);
      // The same in account 2's room: B's keyword hits there.
      await inbound(two, `这边也说${KW_B}`);
      await sys.settle();
      const kwB = await db
        .selectFrom('keywords')
        .select('id')
        .where('operator_id', '=', B.operator.id)
        .where('keyword', '=', KW_B)
        .executeTakeFirstOrThrow();
      const hitsOfB = await db.selectFrom('keyword_hits').select(['account_id']).where('keyword_id', '=', kwB.id).execute();
      expect(hitsOfB.length).toBeGreaterThan(0);
      expect(hitsOfB.every((h) => h.account_id === two.account.id)).toBe(true);
      const seen = await B.get('/api/v1/keywords/hits');
      expect(seen.status).toBe(200);
      expect(seen.body.length).toBeGreaterThan(0);
      for (const h of seen.body) expect(h.uin).toBe(two.account.uin);
      expect((await db.selectFrom('keyword_hits').select('id').execute()).length).toBeGreaterThan(before.length);
    },
  },
  setAnnouncement: {
    attempts: [
      {
        label: 'uin of account 1',
        params: () => ({ uin: one.account.uin, content: 'B越权改的公告', chatRoomId: one.room.user_name }),
        status: 403,
      },
      {
        label: 'room of account 1 with uin of account 2',
        params: () => ({ uin: two.account.uin, content: 'B越权改的公告', chatRoomId: one.room.user_name }),
        status: 404,
      },
    ],
    controlParams: () => ({ uin: one.account.uin, content: 'A的公告', chatRoomId: one.room.user_name }),
    control: async (r) => {
      expect(r.body).toStrictEqual({ code: 200, msg: '请求发送成功!' });
      await eventually(sys, async () => {
        const row = await sys.running.store.db
          .selectFrom('contacts')
          .select('announcement')
          .where('id', '=', one.room.id)
          .executeTakeFirstOrThrow();
        expect(row.announcement).toBe('A的公告');
      });
    },
  },
  deleteChatRoom: {
    attempts: [
      { label: 'uin of account 1', params: () => ({ uin: one.account.uin, chatRoomId: quitRoom.user_name }), status: 403 },
      {
        label: 'room of account 1 with uin of account 2',
        params: () => ({ uin: two.account.uin, chatRoomId: quitRoom.user_name }),
        status: 404,
      },
    ],
    controlParams: () => ({ uin: one.account.uin, chatRoomId: quitRoom.user_name }),
    control: async (r) => {
      expect(r.body).toStrictEqual({ code: 200, msg: '请求发送成功!' });
      await eventually(sys, async () => {
        const row = await sys.running.store.db
          .selectFrom('contacts')
          .select('is_delete')
          .where('id', '=', quitRoom.id)
          .executeTakeFirstOrThrow();
        expect(row.is_delete).toBe(1);
      });
    },
  },
  getMemberHeadImg: {
    attempts: [
      {
        label: 'uin of account 1',
        params: () => ({ uin: one.account.uin, userName: one.account.user_name, charRoomId: one.room.user_name }),
        status: 403,
      },
      {
        label: 'room of account 1 with uin of account 2',
        params: () => ({ uin: two.account.uin, userName: two.account.user_name, charRoomId: one.room.user_name }),
        status: 404,
      },
    ],
    controlParams: () => ({ uin: one.account.uin, userName: one.account.user_name, charRoomId: one.room.user_name }),
    control: async (r) => {
      expect(r.status).toBe(200);
      expect(r.body.data.length).toBeGreaterThan(0);
    },
  },
  getGroupCount: {
    attempts: [
      { label: 'uin and room of account 1', params: () => ({ uin: one.account.uin, chatRoomId: one.room.user_name }), status: 403 },
      { label: 'uin of account 1 (room count)', params: acct1, status: 403 },
      {
        label: 'room of account 1 with uin of account 2',
        params: () => ({ uin: two.account.uin, chatRoomId: one.room.user_name }),
        status: 404,
      },
    ],
    controlParams: () => ({ uin: one.account.uin, chatRoomId: one.room.user_name }),
    control: async (r) => {
      expect(r.status).toBe(200);
      expect(r.body.data.chatRoomId).toBe(one.room.user_name);
    },
  },
  ipadGetMemberDetail: {
    attempts: [
      {
        label: 'uin of account 1',
        params: () => ({ chatRoomName: one.room.user_name, uin: one.account.uin, userName: one.members[0]!.user_name }),
        status: 403,
      },
      {
        label: 'room of account 1 with uin of account 2',
        params: () => ({ chatRoomName: one.room.user_name, uin: two.account.uin, userName: one.members[0]!.user_name }),
        status: 404,
      },
    ],
    controlParams: () => ({ chatRoomName: one.room.user_name, uin: one.account.uin, userName: one.members[0]!.user_name }),
    control: async (r) => {
      expect(r.status).toBe(200);
      expect(r.body.data).toBeTruthy();
    },
  },
  addChatRoomContactAndRecord: {
    attempts: [
      {
        label: 'uin of account 1',
        params: () => ({
          chatRoomName: one.room.user_name,
          uin: one.account.uin,
          userName: one.members[0]!.user_name,
          verify: '你好，我是B',
        }),
        status: 403,
      },
      {
        label: 'room of account 1 with uin of account 2',
        params: () => ({
          chatRoomName: one.room.user_name,
          uin: two.account.uin,
          userName: one.members[0]!.user_name,
          verify: '你好，我是B',
        }),
        status: 404,
      },
    ],
    controlParams: () => ({
      chatRoomName: one.room.user_name,
      uin: one.account.uin,
      userName: one.members[0]!.user_name,
      verify: '你好，我是A',
    }),
    control: async (r) => {
      expect(r.body).toStrictEqual({ code: 200, msg: '添加群好友成功!' });
      await eventually(sys, async () => {
        const rows = await sys.running.store.db
          .selectFrom('friend_requests')
          .select(['status'])
          .where('account_id', '=', one.account.id)
          .execute();
        expect(rows).toHaveLength(1);
        expect(rows[0]!.status).not.toBe(0);
      });
    },
  },
  ipadSearchContact: {
    attempts: [{ label: 'uin of account 1', params: () => ({ type: 'wxid', uin: one.account.uin, userName: f1.user_name }), status: 403 }],
    controlParams: () => ({ type: 'wxid', uin: one.account.uin, userName: f1.user_name }),
    control: async (r) => {
      expect(r.status).toBe(200);
      expect(r.body.data.userName).toBe(f1.user_name);
    },
  },
  ipadGetContact: {
    attempts: [{ label: 'uin of account 1', params: () => ({ uin: one.account.uin, userName: f1b.user_name }), status: 403 }],
    controlParams: () => ({ uin: one.account.uin, userName: f1b.user_name }),
    control: async (r) => {
      expect(r.body).toStrictEqual({ code: 200, msg: '同步好友请求成功!', data: null });
    },
  },
};

async function inbound(f: Facts, text: string, room = true) {
  const r = await admin.post(
    '/api/v1/simulator/inbound',
    room
      ? { uin: f.account.uin, from: f.members[0]!.user_name, room: f.room.user_name, text }
      : { uin: f.account.uin, from: f.friend.user_name, text },
  );
  expect(r.status, r.raw).toBe(202);
}

beforeAll(async () => {
  sys = await startTestSystem();
  app = sys.running.app!;
  admin = await Client.login(app);
  const facts = await worldFacts(sys);
  [one, two] = facts as [Facts, Facts];
  const db = sys.running.store.db;
  const friends = (await friendsOf(sys, one.account.id)).slice(0, 3);
  [f1, f1b, f1c] = friends as [Facts['friend'], Facts['friend'], Facts['friend']];
  quitRoom = one.rooms.at(-1)!;
  expect(quitRoom.id).not.toBe(one.room.id);

  A = await admin.agent('agent_a', [one.account.uin]);
  B = await admin.agent('agent_b', [two.account.uin]);

  // Single and group conversations on every account, so each list has rows to leak.
  for (const f of facts) {
    const single = await admin.post('/api/v1/simulator/inbound', {
      uin: f.account.uin,
      from: f.friend.user_name,
      text: `私聊 ${f.account.uin}`,
    });
    expect(single.status, single.raw).toBe(202);
    await inbound(f, `群聊 ${f.account.uin}`);
  }
  for (const f of [f1b, f1c]) {
    const r = await admin.post('/api/v1/simulator/inbound', { uin: one.account.uin, from: f.user_name, text: '在吗' });
    expect(r.status, r.raw).toBe(202);
  }
  // Keywords: A's and B's (via the contract), and hits of each on its own account.
  expect((await call(A, 'doSave', { keyword: KW_A })).body).toMatchObject({ code: 200 });
  expect((await call(B, 'doSave', { keyword: KW_B })).body).toMatchObject({ code: 200 });
  keywordOfA = (await db.selectFrom('keywords').select('id').where('keyword', '=', KW_A).executeTakeFirstOrThrow()).id;
  await sys.settle();
  await inbound(one, `有人提到${KW_A}`);
  await inbound(two, `有人提到${KW_B}`);
  // A job of account 1, finished, for /api/v1/jobs/:id.
  const job = await admin.post(`/api/v1/accounts/${one.account.uin}/sync`);
  expect(job.status, job.raw).toBe(202);
  jobOfOne = job.body.job.id;
  await eventually(sys, async () => {
    const row = await db.selectFrom('jobs').select('status').where('id', '=', jobOfOne).executeTakeFirstOrThrow();
    expect(row.status).not.toBe('running');
  });
  await stableSnapshot();
});

afterAll(() => sys?.close());

describe('an agent against another agent’s account', () => {
  it('has a case for every documented call', () => {
    expect(contract.calls).toHaveLength(16);
    for (const c of contract.calls) expect(CASES[c.name], c.name).toBeDefined();
  });

  describe.each(contract.calls.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const cse = CASES[name]!;
    for (const attempt of cse.attempts) {
      it(`B naming ${attempt.label} gets ${attempt.status} and changes nothing`, async () => {
        await expectNoChange(async () => {
          for (const mode of modesOf(c.method)) expectEnvelope(await call(B, name, attempt.params(), mode), attempt.status);
        });
      });
    }
    if (cse.custom) it('keeps B to its own accounts', cse.custom);
    if (cse.control) {
      it('A, who works account 1, may make the same call', async () => {
        const r = await call(A, name, cse.controlParams!(), modesOf(c.method)[0]);
        expect(r.status, r.raw).toBe(200);
        await cse.control!(r);
        await stableSnapshot();
      });
    }
  });
});

describe('/api/v1 routes that take an account or a contact', () => {
  const routes: { label: string; req: () => { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; payload?: unknown } }[] = [
    { label: 'GET conversations?uin=<account 1>', req: () => ({ method: 'GET', url: `/api/v1/conversations?uin=${one.account.uin}` }) },
    {
      label: 'GET conversations?type=group&uin=<account 1>',
      req: () => ({ method: 'GET', url: `/api/v1/conversations?type=group&uin=${one.account.uin}` }),
    },
    { label: 'POST conversations/:friend/read', req: () => ({ method: 'POST', url: `/api/v1/conversations/${f1b.id}/read` }) },
    { label: 'POST conversations/:room/read', req: () => ({ method: 'POST', url: `/api/v1/conversations/${one.room.id}/read` }) },
    { label: 'GET conversations/:friend/messages', req: () => ({ method: 'GET', url: `/api/v1/conversations/${f1b.id}/messages` }) },
    {
      label: 'POST conversations/:friend/messages',
      req: () => ({ method: 'POST', url: `/api/v1/conversations/${f1b.id}/messages`, payload: { text: 'B 冒充 A 发的消息' } }),
    },
    {
      label: 'POST conversations/:room/messages',
      req: () => ({
        method: 'POST',
        url: `/api/v1/conversations/${one.room.id}/messages`,
        payload: { text: 'B 冒充 A 发的消息', tokenId: 'b-token-1' },
      }),
    },
    { label: 'GET contacts/:friend', req: () => ({ method: 'GET', url: `/api/v1/contacts/${f1b.id}` }) },
    { label: 'GET contacts/:room', req: () => ({ method: 'GET', url: `/api/v1/contacts/${one.room.id}` }) },
    { label: 'POST accounts/:uin/sync', req: () => ({ method: 'POST', url: `/api/v1/accounts/${one.account.uin}/sync` }) },
    { label: 'GET jobs/:id of account 1', req: () => ({ method: 'GET', url: `/api/v1/jobs/${jobOfOne}` }) },
    { label: 'GET accounts/:uin/contacts', req: () => ({ method: 'GET', url: `/api/v1/accounts/${one.account.uin}/contacts` }) },
    {
      label: 'GET accounts/:uin/contacts?type=room',
      req: () => ({ method: 'GET', url: `/api/v1/accounts/${one.account.uin}/contacts?type=room` }),
    },
    {
      label: 'GET accounts/:uin/search',
      req: () => ({ method: 'GET', url: `/api/v1/accounts/${one.account.uin}/search?q=${f1.user_name}` }),
    },
    {
      label: 'GET accounts/:uin/friend-requests',
      req: () => ({ method: 'GET', url: `/api/v1/accounts/${one.account.uin}/friend-requests` }),
    },
    {
      label: 'POST accounts/:uin/friend-requests',
      req: () => ({
        method: 'POST',
        url: `/api/v1/accounts/${one.account.uin}/friend-requests`,
        payload: { userName: 'wxid_someone', ticket: 'v4_x', verify: '你好' },
      }),
    },
    {
      label: 'POST accounts/:uin/rooms',
      req: () => ({
        method: 'POST',
        url: `/api/v1/accounts/${one.account.uin}/rooms`,
        payload: { topic: 'B建的群', members: [f1b.user_name, f1c.user_name] },
      }),
    },
    { label: 'GET accounts/:uin/jobs', req: () => ({ method: 'GET', url: `/api/v1/accounts/${one.account.uin}/jobs` }) },
    {
      label: 'PUT contacts/:friend/setting',
      req: () => ({ method: 'PUT', url: `/api/v1/contacts/${f1b.id}/setting`, payload: { setting: 3 } }),
    },
    {
      label: 'PUT contacts/:room/setting',
      req: () => ({ method: 'PUT', url: `/api/v1/contacts/${one.room.id}/setting`, payload: { setting: 2 } }),
    },
    { label: 'POST contacts/:friend/refresh', req: () => ({ method: 'POST', url: `/api/v1/contacts/${f1b.id}/refresh` }) },
    { label: 'DELETE contacts/:friend/messages', req: () => ({ method: 'DELETE', url: `/api/v1/contacts/${f1b.id}/messages` }) },
    { label: 'DELETE contacts/:room/messages', req: () => ({ method: 'DELETE', url: `/api/v1/contacts/${one.room.id}/messages` }) },
    { label: 'GET rooms/:room', req: () => ({ method: 'GET', url: `/api/v1/rooms/${one.room.id}` }) },
    { label: 'GET rooms/:room/members', req: () => ({ method: 'GET', url: `/api/v1/rooms/${one.room.id}/members` }) },
    {
      label: 'GET rooms/:room/members/:userName',
      req: () => ({ method: 'GET', url: `/api/v1/rooms/${one.room.id}/members/${one.members[0]!.user_name}` }),
    },
    {
      label: 'POST rooms/:room/members/:userName/friend-request',
      req: () => ({
        method: 'POST',
        url: `/api/v1/rooms/${one.room.id}/members/${one.members[1]!.user_name}/friend-request`,
        payload: { verify: '我是B' },
      }),
    },
    {
      label: 'PUT rooms/:room/announcement',
      req: () => ({ method: 'PUT', url: `/api/v1/rooms/${one.room.id}/announcement`, payload: { content: 'B改的公告' } }),
    },
    { label: 'POST rooms/:room/quit', req: () => ({ method: 'POST', url: `/api/v1/rooms/${one.room.id}/quit` }) },
    {
      label: 'POST simulator/inbound (administrators only)',
      req: () => ({
        method: 'POST',
        url: '/api/v1/simulator/inbound',
        payload: { uin: one.account.uin, from: f1b.user_name, text: '伪造' },
      }),
    },
  ];
  for (const route of routes) {
    it(`${route.label}: 403 problem details, nothing changes`, async () => {
      await expectNoChange(async () => {
        const { method, url, payload } = route.req();
        expectProblem(await B.request({ method, url, ...(payload !== undefined ? { payload: payload as object } : {}) }), 403);
      });
    });
  }

  it('POST conversations/:friend/images: 403, and the upload is not stored', async () => {
    // A PNG no one has sent before: media are stored under their content hash.
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64)]);
    const stored = path.join(sys.running.services.media.directory, `${createHash('sha256').update(png).digest('hex').slice(0, 32)}.png`);
    const boundary = `----wxdesk${randomBytes(8).toString('hex')}`;
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.png"\r\nContent-Type: image/png\r\n\r\n`),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    await expectNoChange(async () => {
      const r = await B.request({
        method: 'POST',
        url: `/api/v1/conversations/${f1b.id}/images`,
        payload,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
      expectProblem(r, 403);
    });
    expect(fs.existsSync(stored)).toBe(false);
  });

  it('B cannot delete A’s keyword', async () => {
    await expectNoChange(async () => {
      const r = await B.request({ method: 'DELETE', url: `/api/v1/keywords/${keywordOfA}` });
      expect(r.status).toBe(404);
      expect(String(r.headers['content-type'])).toMatch(/^application\/problem\+json/);
    });
    const row = await sys.running.store.db.selectFrom('keywords').select('id').where('id', '=', keywordOfA).executeTakeFirst();
    expect(row).toBeDefined();
  });
});

describe('lists show only the caller’s accounts', () => {
  it('findLastMsgList (both variants) without uin: only account 2 for B, more for the admin', async () => {
    const single = await call(B, 'findLastMsgList (single chats)', { status: 1 });
    expect(single.status, single.raw).toBe(200);
    expect(single.body.data.lastMsgList.length).toBeGreaterThan(0);
    for (const c of single.body.data.lastMsgList) expect(c.uin).toBe(two.account.uin);
    for (const d of single.body.data.delData) expect(d.uin).toBe(two.account.uin);

    const rooms = await call(B, 'findLastMsgList (group chats)', { adminUserId: B.operator.id, isRoom: 1, page: 1, wechatContactName: '' });
    expect(rooms.status, rooms.raw).toBe(200);
    expect(rooms.body.length).toBeGreaterThan(0);
    for (const c of rooms.body) expect(c.uin).toBe(two.account.uin);

    // The filter is what keeps the others out: the admin sees every account's.
    const all = await call(admin, 'findLastMsgList (group chats)', { isRoom: 1, pageSize: 100 });
    expect(new Set(all.body.map((c: any) => c.uin)).size).toBeGreaterThan(1);
    const allSingle = await call(admin, 'findLastMsgList (single chats)', { pageSize: 100 });
    expect(new Set(allSingle.body.data.lastMsgList.map((c: any) => c.uin)).size).toBeGreaterThan(1);
  });

  it('delData never reports another operator’s deleted conversation', async () => {
    // A deletes f1c's history on account 1; B is never told, A is.
    await call(B, 'findLastMsgList (single chats)', {}); // B's cursor is up to date
    const del = await call(A, 'delMsgByOwnerId', {
      ownerId: f1c.id,
      wechatUserName: one.account.user_name,
      wechatContactUserName: f1c.user_name,
      uin: one.account.uin,
    });
    expect(del.body).toStrictEqual({ code: 200, msg: '删除成功!' });
    const seenByB = await call(B, 'findLastMsgList (single chats)', {});
    expect(seenByB.body.data.delData).toEqual([]);
    const seenByA = await call(A, 'findLastMsgList (single chats)', {});
    expect(seenByA.body.data.delData.map((d: any) => d.wechatContactId)).toContain(f1c.id);
  });

  it('GET /api/v1/accounts: B sees account 2 only', async () => {
    const r = await B.get('/api/v1/accounts');
    expect(r.status).toBe(200);
    expect(r.body.map((a: any) => a.uin)).toEqual([two.account.uin]);
    const all = await admin.get('/api/v1/accounts');
    expect(all.body.length).toBe(3);
  });

  it('GET /api/v1/conversations (single and group): account 2 only', async () => {
    for (const type of ['single', 'group']) {
      const r = await B.get('/api/v1/conversations', { type, pageSize: 100 });
      expect(r.status, r.raw).toBe(200);
      expect(r.body.length).toBeGreaterThan(0);
      for (const c of r.body) expect(c.account.uin).toBe(two.account.uin);
    }
  });

  it('GET /api/v1/keywords/hits and /keywords: B’s own on account 2 only', async () => {
    const hits = await B.get('/api/v1/keywords/hits', { limit: 200 });
    expect(hits.status).toBe(200);
    expect(hits.body.length).toBeGreaterThan(0);
    for (const h of hits.body) {
      expect(h.uin).toBe(two.account.uin);
      expect(h.keyword).toBe(KW_B);
    }
    const hitsOfA = await A.get('/api/v1/keywords/hits', { limit: 200 });
    expect(hitsOfA.body.length).toBeGreaterThan(0);
    for (const h of hitsOfA.body) expect(h.uin).toBe(one.account.uin);
    const kws = await B.get('/api/v1/keywords');
    expect(kws.body.map((k: any) => k.keyword)).toEqual([KW_B]);
  });
});

describe('adminUserId', () => {
  const variants = ['findLastMsgList (single chats)', 'findLastMsgList (group chats)'] as const;
  const extra = (name: string): Params => (name.includes('group') ? { isRoom: 1 } : { status: 1 });

  it('B naming another operator’s adminUserId gets 403', async () => {
    await expectNoChange(async () => {
      for (const name of variants) {
        for (const id of [A.operator.id, admin.operator.id, 99999])
          expectEnvelope(await call(B, name, { adminUserId: id, ...extra(name) }), 403);
      }
    });
  });

  it('B naming its own adminUserId is served', async () => {
    for (const name of variants) expect((await call(B, name, { adminUserId: B.operator.id, ...extra(name) })).status).toBe(200);
  });

  it('an administrator may name any adminUserId', async () => {
    for (const name of variants) {
      for (const id of [B.operator.id, A.operator.id, 99999])
        expect((await call(admin, name, { adminUserId: id, ...extra(name) })).status).toBe(200);
    }
  });
});

describe('authentication', () => {
  const v1Routes = [
    '/api/v1/accounts',
    '/api/v1/conversations',
    '/api/v1/keywords/hits',
    '/api/v1/keywords',
    '/api/v1/operators',
    '/api/v1/auth/me',
  ];
  const badAuth: Record<string, Record<string, string>> = {
    'no token': {},
    'garbage bearer': { authorization: 'Bearer not-a-real-token' },
    'empty bearer': { authorization: 'Bearer ' },
    'basic auth': { authorization: 'Basic YWRtaW46YWRtaW4tc2VjcmV0LTE=' },
    'expired-looking JWT': {
      authorization:
        'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIiwicm9sZSI6ImFkbWluIiwiZXhwIjoxMDAwMDAwMDAwfQ.c2lnbmF0dXJlLWRvZXMtbm90LW1hdHRlcg',
    },
    'garbage cookie': { cookie: 'wxdesk_session=not-a-real-session' },
    'injection token': { authorization: "Bearer ' OR 1=1 --" },
  };

  for (const [label, headers] of Object.entries(badAuth)) {
    it(`${label}: 401 envelope on every documented call, problem details on /api/v1`, async () => {
      for (const c of contract.calls) {
        for (const method of ['GET', 'POST'] as const) {
          const r = await app.inject({ method, url: c.path, headers });
          expect(r.statusCode, `${method} ${c.path}`).toBe(401);
          expect(String(r.headers['content-type'])).toMatch(/^application\/json/);
          expect(r.json()).toStrictEqual({ code: 401, msg: expect.stringMatching(/[\u4e00-\u9fff]/) });
        }
      }
      for (const url of v1Routes) {
        const r = await app.inject({ method: 'GET', url, headers });
        expect(r.statusCode, url).toBe(401);
        expect(String(r.headers['content-type'])).toMatch(/^application\/problem\+json/);
        expect(r.json()).toMatchObject({ status: 401 });
      }
    });
  }

  it('an expired session is refused, even one in use a moment before', async () => {
    await admin.agent('agent_c', [two.account.uin]);
    const C = await Client.login(app, 'agent_c', 'agent-pass-1');
    // Sessions are remembered for a few seconds after use: never past their expiry.
    await sys.running.store.db
      .updateTable('sessions')
      .set({ expires_at: Date.now() + 300 })
      .where('operator_id', '=', C.operator.id)
      .execute();
    expect((await C.get('/api/v1/auth/me')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 350));
    expectEnvelope(await call(C, 'findLastMsgList (single chats)', {}), 401);
    expectProblem(await C.get('/api/v1/auth/me'), 401);
  });

  it('an agent cannot list or create operators, nor assign accounts (to itself or others)', async () => {
    await expectNoChange(async () => {
      expectProblem(await B.get('/api/v1/operators'), 403);
      expectProblem(await B.post('/api/v1/operators', { username: 'made_by_b', password: 'secret-123', role: 'admin' }), 403);
      expectProblem(await B.post('/api/v1/operators', { username: 'made_by_b2', password: 'secret-123', role: 'agent' }), 403);
      expectProblem(await B.put(`/api/v1/operators/${B.operator.id}/accounts`, { uins: [one.account.uin, two.account.uin] }), 403);
      expectProblem(await B.put(`/api/v1/operators/${A.operator.id}/accounts`, { uins: [] }), 403);
    });
    const names = (await sys.running.store.db.selectFrom('operators').select('username').execute()).map((o) => o.username);
    expect(names).not.toContain('made_by_b');
  });

  it('logout invalidates the token, and only that one', async () => {
    const B2 = await Client.login(app, 'agent_b', 'agent-pass-1');
    expect((await B2.get('/api/v1/auth/me')).status).toBe(200);
    const out = await B2.post('/api/v1/auth/logout');
    expect(out.status).toBe(204);
    expectEnvelope(await call(B2, 'findLastMsgList (single chats)', {}), 401);
    expectProblem(await B2.get('/api/v1/auth/me'), 401);
    expectProblem(await B2.post('/api/v1/auth/logout'), 401);
    // B's other session still works.
    expect((await B.get('/api/v1/auth/me')).body.username).toBe('agent_b');
  });

  it('the session cookie from login is auth too, and logout ends it', async () => {
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'agent_b', password: 'agent-pass-1' },
    });
    expect(login.statusCode).toBe(200);
    const setCookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []);
    const session = setCookie.map((c) => c.split(';')[0]!).find((c) => c.startsWith('wxdesk_session='));
    expect(session).toBeDefined();
    // As the console sends it: the cookie with the console's header, from its own origin.
    const headers = { cookie: session!, ...CONSOLE_HEADERS };

    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
    expect(me.statusCode).toBe(200);
    expect(me.json().username).toBe('agent_b');
    const list = await app.inject({ method: 'GET', url: '/wechat_api/message/findLastMsgList', headers });
    expect(list.statusCode).toBe(200);
    for (const c of list.json().data.lastMsgList) expect(c.uin).toBe(two.account.uin);
    // The cookie carries B's rights, no more.
    const denied = await app.inject({ method: 'GET', url: '/wechat_api/wechatuser/syncContact', query: { uin: one.account.uin }, headers });
    expect(denied.statusCode).toBe(403);

    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers })).statusCode).toBe(204);
    const after = await app.inject({ method: 'GET', url: '/wechat_api/message/findLastMsgList', headers });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: 401 });
  });
});
