import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/schema.js';
import { call, callOf, contract, eventually, type Mode, type Params } from '../helpers/contract.js';
import { Client, type Reply } from '../helpers/http.js';
import { startTestSystem, type TestSystem } from '../helpers/system.js';
import { friendsOf, worldFacts } from '../helpers/world.js';

/**
 * Every parameter validated (DESIGN §4, §7): bad input gets a clear error naming the field
 * and changes nothing; no request can crash the process or leak its internals; strings are
 * data, never SQL or LIKE patterns.
 */

type Facts = Awaited<ReturnType<typeof worldFacts>>[number];
type Table = keyof Database;

let sys: TestSystem;
let app: FastifyInstance;
let admin: Client;
let one: Facts;
let friends: Facts['friend'][];

const TABLES: Table[] = [
  'operators',
  'sessions',
  'operator_accounts',
  'accounts',
  'contacts',
  'room_members',
  'messages',
  'conversations',
  'keywords',
  'keyword_hits',
  'friend_requests',
  'jobs',
];
/** What a rejected request must leave exactly as it was (sessions and operators' cursors move on their own). */
const DATA_TABLES: Table[] = TABLES.filter((t) => t !== 'sessions' && t !== 'operators');
const ORDER: Partial<Record<Table, string[]>> = {
  operator_accounts: ['operator_id', 'account_id'],
  room_members: ['room_id', 'user_name'],
  conversations: ['contact_id'],
};

async function snapshot(): Promise<Record<string, unknown[]>> {
  const db = sys.running.store.db;
  const rows = await Promise.all(
    DATA_TABLES.map((t) => {
      let q = db.selectFrom(t).selectAll();
      for (const col of ORDER[t] ?? ['id']) q = q.orderBy(col as never);
      return q.execute();
    }),
  );
  return Object.fromEntries(DATA_TABLES.map((t, i) => [t, rows[i]!]));
}

async function counts(): Promise<Record<string, number>> {
  const db = sys.running.store.db;
  const rows = await Promise.all(
    TABLES.map((t) =>
      db
        .selectFrom(t)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ),
  );
  return Object.fromEntries(TABLES.map((t, i) => [t, Number(rows[i]!.n)]));
}

/** Runs `act`; afterwards (and after whatever it put on the bus) the store is exactly as before. */
async function expectUnchanged(act: () => Promise<void>) {
  const before = await snapshot();
  await act();
  await sys.settle();
  expect(await snapshot()).toEqual(before);
}

/** Independent requests, sent together as concurrent clients would. */
const each = async <T>(items: readonly T[], fn: (item: T) => Promise<unknown>) => void (await Promise.all(items.map(fn)));

const texts = (v: unknown): string[] => (typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(texts) : []);

/** Never a 5xx, never a stack trace, a file path or a module name. */
function expectSafe(r: Reply, ctx: string) {
  expect(r.status, `${ctx}: ${r.raw.slice(0, 300)}`).toBeLessThan(500);
  for (const t of [r.raw, ...texts(r.body)]) {
    expect(t, ctx).not.toMatch(/^\s*at\s/m);
    expect(t, ctx).not.toMatch(/\bat\s+\S+\s+\(?\S*:\d+:\d+\)?/);
    expect(t, ctx).not.toMatch(/Error:[^"]*(\/|\\)\S*\.(ts|js|mjs)/);
    expect(t, ctx).not.toContain('node_modules');
    expect(t, ctx).not.toMatch(/\/work\/|file:\/\/|\/src\/\S+\.ts/);
  }
}

/** The contract's error envelope with the HTTP status, naming `param` when given. */
function expectEnvelope(r: Reply, status: number, param?: string, ctx = '') {
  expect(r.status, `${ctx} ${r.raw.slice(0, 300)}`).toBe(status);
  expect(String(r.headers['content-type'])).toMatch(/^application\/json/);
  expect(Object.keys(r.body ?? {}).sort(), ctx).toEqual(['code', 'msg']);
  expect(r.body.code).toBe(status);
  expect(r.body.msg).toMatch(/[\u4e00-\u9fff]/);
  if (param) expect(r.body.msg, ctx).toContain(param);
  expectSafe(r, ctx);
}

/** RFC 9457 problem details with the status; the field named as `param` or in the detail. */
function expectProblem(r: Reply, status: number, field?: string, ctx = '') {
  expect(r.status, `${ctx} ${r.raw.slice(0, 300)}`).toBe(status);
  expect(String(r.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(r.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  if (field) expect(r.body.param === field || String(r.body.detail).includes(field), `${ctx} names ${field}: ${r.raw}`).toBe(true);
  expectSafe(r, ctx);
}

const modesOf = (method: string): Mode[] => (method === 'POST' ? ['post-json', 'post-form'] : ['get', 'post-json']);
const firstMode = (name: string): Mode => modesOf(callOf(name).method)[0]!;
const requiredOf = (name: string) =>
  Object.entries(callOf(name).params)
    .filter(([, about]) => /\brequired\b/.test(about))
    .map(([p]) => p);
const stringParamsOf = (name: string) =>
  Object.entries(callOf(name).params)
    .filter(([, about]) => about.startsWith('str'))
    .map(([p]) => p);
const intParamsOf = (name: string) =>
  Object.entries(callOf(name).params)
    .filter(([, about]) => about.startsWith('int'))
    .map(([p]) => p);

/** A valid call of each documented call, by the administrator on account 1. */
const VALID: Record<string, () => Params> = {
  delMsgByOwnerId: () => ({
    ownerId: friends[0]!.id,
    wechatUserName: one.account.user_name,
    wechatContactUserName: friends[0]!.user_name,
    uin: one.account.uin,
  }),
  createChatRoom: () => ({
    uin: one.account.uin,
    userName: `${friends[1]!.user_name},${friends[2]!.user_name}`,
    topic: '新建的群',
    roomNickName: JSON.stringify([{ userName: friends[1]!.user_name, nickName: '阿一' }]),
  }),
  'findLastMsgList (single chats)': () => ({ status: 1, uin: one.account.uin, page: 1, pageSize: 20, wechatContactName: '' }),
  'findLastMsgList (group chats)': () => ({
    adminUserId: admin.operator.id,
    uin: one.account.uin,
    isRoom: 1,
    page: 1,
    pageSize: 20,
    wechatContactName: '',
  }),
  updateSetting: () => ({ contactId: one.room.id, setting: 0, wechatUserName: one.account.user_name, uin: one.account.uin }),
  syncContact: () => ({ uin: one.account.uin }),
  getMember: () => ({ uin: one.account.uin, userName: one.account.user_name, charRoomId: one.room.user_name }),
  doSave: () => ({ keyword: '合法关键词' }),
  setAnnouncement: () => ({ uin: one.account.uin, content: '本群公告', chatRoomId: one.room.user_name }),
  deleteChatRoom: () => ({ uin: one.account.uin, chatRoomId: one.rooms.at(-1)!.user_name }),
  getMemberHeadImg: () => ({ uin: one.account.uin, userName: one.account.user_name, charRoomId: one.room.user_name }),
  getGroupCount: () => ({ uin: one.account.uin, chatRoomId: one.room.user_name }),
  ipadGetMemberDetail: () => ({ chatRoomName: one.room.user_name, uin: one.account.uin, userName: one.members[0]!.user_name }),
  addChatRoomContactAndRecord: () => ({
    chatRoomName: one.room.user_name,
    uin: one.account.uin,
    userName: one.members[0]!.user_name,
    verify: '你好',
  }),
  ipadSearchContact: () => ({ type: 'wxid', uin: one.account.uin, userName: friends[0]!.user_name, verify: '' }),
  ipadGetContact: () => ({ uin: one.account.uin, userName: friends[0]!.user_name }),
};

const INJECTIONS = [
  "' OR 1=1 --",
  '"; DROP TABLE messages; --',
  "x'); DELETE FROM contacts; --",
  "admin'--",
  '%',
  '_',
  '%_%',
  '\\',
  "\\'",
  '𠮷野家😀 中文 ñ é \u202e\u200b',
  'a\u0000b',
  '{"$gt":""}',
  '<script>alert(1)</script>',
  '../../../etc/passwd',
  'NULL',
  '__proto__',
];
/** Values of the wrong JSON type where a string is expected. */
const STRUCTURES: unknown[] = [
  ["' OR 1=1 --", '%'],
  { $gt: '' },
  { a: { b: { c: [1, { d: 2 }] } } },
  [{ $ne: null }],
  [],
  null,
  JSON.parse('{"__proto__":{"polluted":1}}'),
];

beforeAll(async () => {
  sys = await startTestSystem();
  app = sys.running.app!;
  admin = await Client.login(app);
  const facts = await worldFacts(sys);
  one = facts[0]!;
  friends = (await friendsOf(sys, one.account.id)).slice(0, 4);
  expect(friends).toHaveLength(4);
  // Conversations to list, search and delete: single chats with every friend, a group chat.
  for (const f of friends) {
    const r = await admin.post('/api/v1/simulator/inbound', { uin: one.account.uin, from: f.user_name, text: `你好 ${f.user_name}` });
    expect(r.status, r.raw).toBe(202);
  }
  const g = await admin.post('/api/v1/simulator/inbound', {
    uin: one.account.uin,
    from: one.members[0]!.user_name,
    room: one.room.user_name,
    text: '大家好',
  });
  expect(g.status, g.raw).toBe(202);
  // Members fresh in the store, so reading them changes nothing later.
  expect((await call(admin, 'getMember', VALID.getMember!())).status).toBe(200);
  await sys.settle();
});

afterAll(() => sys?.close());

describe('missing parameters', () => {
  it('the table covers every documented call', () => {
    expect(contract.calls).toHaveLength(16);
    for (const c of contract.calls) expect(VALID[c.name], c.name).toBeDefined();
  });

  for (const c of contract.calls) {
    const required = requiredOf(c.name);
    if (required.length === 0) continue;
    it(`${c.name}: each required parameter missing, empty or blank is a 400 naming it`, async () => {
      await expectUnchanged(async () => {
        for (const p of required) {
          await each(modesOf(c.method), async (mode) => {
            const { [p]: _dropped, ...rest } = VALID[c.name]!();
            expectEnvelope(await call(admin, c.name, rest, mode), 400, p, `${c.name} without ${p} (${mode})`);
            // A blank topic makes an untitled group and a blank content clears the announcement,
            // as in WeChat; for every other parameter blank is as good as missing.
            const blanks =
              (c.name === 'createChatRoom' && p === 'topic') || (c.name === 'setAnnouncement' && p === 'content') ? [''] : ['', '   '];
            await each(blanks, async (blank) =>
              expectEnvelope(
                await call(admin, c.name, { ...VALID[c.name]!(), [p]: blank }, mode),
                400,
                p,
                `${c.name} ${p}=${JSON.stringify(blank)} (${mode})`,
              ),
            );
          });
        }
      });
    });
  }
});

describe('malformed values', () => {
  const NOT_AN_ID = ['abc', '1.5', '1e3', '0x1', '-1', '0', 'true', '1 OR 1=1', '99999999999999999999', ' ', '１'];
  const NOT_A_ROOM = ['abc', '12345', 'abc@chatroom.evil', '@chatroom', 'a b@chatroom', 'wxid_abc', "1' OR '1'='1@chatroom"];
  const cases: [string, string, unknown[]][] = [
    ['delMsgByOwnerId', 'ownerId', NOT_AN_ID],
    ['updateSetting', 'contactId', NOT_AN_ID],
    ['updateSetting', 'setting', ['4', '-1', 'abc', '1.5', 'true', '3.0001', '１']],
    ['findLastMsgList (single chats)', 'page', ['0', '-1', 'abc', '1.5', '1e2', '100001']],
    ['findLastMsgList (single chats)', 'pageSize', ['0', '101', 'abc', '2.5', '-20']],
    ['findLastMsgList (single chats)', 'status', ['abc', '-1', '1.5']],
    ['findLastMsgList (group chats)', 'page', ['0', '-1', 'abc', '1.5']],
    ['findLastMsgList (group chats)', 'pageSize', ['0', '101', 'abc']],
    ['findLastMsgList (group chats)', 'isRoom', ['abc', '2', '-1', '0.5']],
    ['findLastMsgList (group chats)', 'adminUserId', ['abc', '0', '-5', '1.5', '99999999999999999999']],
    ['setAnnouncement', 'chatRoomId', NOT_A_ROOM],
    ['deleteChatRoom', 'chatRoomId', NOT_A_ROOM],
    ['getGroupCount', 'chatRoomId', NOT_A_ROOM],
    ['getMember', 'charRoomId', NOT_A_ROOM],
    ['getMemberHeadImg', 'charRoomId', NOT_A_ROOM],
    ['ipadGetMemberDetail', 'chatRoomName', NOT_A_ROOM],
    ['addChatRoomContactAndRecord', 'chatRoomName', NOT_A_ROOM],
    ['syncContact', 'uin', ['a b', "' OR 1=1 --", '1;2', 'uin\n1']],
    ['delMsgByOwnerId', 'wechatUserName', ['a b', 'a,b']],
    ['updateSetting', 'wechatUserName', ['a b', 'a,b']],
    ['ipadSearchContact', 'type', ['abc', '4', "' OR 1=1 --"]],
    ['createChatRoom', 'userName', ['a b,c d', 'only_one', 'x@y,z']],
    ['createChatRoom', 'roomNickName', ['not json', '{"userName":1}', '[{"nickName":"x"}]', '[[[', '{"userName":"a","nickName":{}}']],
  ];
  for (const [name, param, values] of cases) {
    it(`${name}: malformed ${param} is a 400 naming it`, async () => {
      await expectUnchanged(async () => {
        await each(values, async (v) => {
          for (const mode of modesOf(callOf(name).method)) {
            expectEnvelope(
              await call(admin, name, { ...VALID[name]!(), [param]: v }, mode),
              400,
              param,
              `${name} ${param}=${JSON.stringify(v)} (${mode})`,
            );
          }
        });
      });
    });
  }

  it('JSON numbers that are not integers are refused, not truncated', async () => {
    await expectUnchanged(async () => {
      for (const [name, param, v] of [
        ['updateSetting', 'contactId', one.room.id + 0.5],
        ['updateSetting', 'setting', 1.5],
        ['delMsgByOwnerId', 'ownerId', friends[0]!.id + 0.25],
        ['findLastMsgList (single chats)', 'page', 1.5],
      ] as const) {
        expectEnvelope(await call(admin, name, { ...VALID[name]!(), [param]: v }, 'post-json'), 400, param, `${name} ${param}=${v}`);
      }
    });
  });

  it('ids beyond the stored range are a 400 or 404, never a fault', async () => {
    await expectUnchanged(async () => {
      for (const big of ['2147483648', '9007199254740991', '9007199254740993']) {
        for (const [name, param, statuses] of [
          ['updateSetting', 'contactId', [400, 404]],
          ['delMsgByOwnerId', 'ownerId', [400, 404]],
          // Not looked up: an administrator may name any adminUserId.
          ['findLastMsgList (group chats)', 'adminUserId', [200, 400]],
        ] as const) {
          const r = await call(admin, name, { ...VALID[name]!(), [param]: big });
          expectSafe(r, `${name} ${param}=${big}`);
          expect(statuses, `${name} ${param}=${big}: ${r.raw.slice(0, 200)}`).toContain(r.status);
          if (r.status >= 400) expectEnvelope(r, r.status, param);
        }
      }
    });
  });
});

describe('oversized input', () => {
  const BIG = 'x'.repeat(100_000);
  for (const c of contract.calls) {
    const params = [...stringParamsOf(c.name), ...intParamsOf(c.name)];
    it(`${c.name}: 100 KB in any parameter is a 400 naming it`, async () => {
      await expectUnchanged(async () => {
        await each(params, async (p) =>
          expectEnvelope(await call(admin, c.name, { ...VALID[c.name]!(), [p]: BIG }, 'post-json'), 400, p, `${c.name} ${p} (json)`),
        );
      });
    });
  }

  it('100 KB topic, content, keyword and userName in the query string are a 400 naming them', async () => {
    await expectUnchanged(async () => {
      for (const [name, param] of [
        ['createChatRoom', 'topic'],
        ['createChatRoom', 'userName'],
        ['setAnnouncement', 'content'],
        ['doSave', 'keyword'],
        ['ipadSearchContact', 'userName'],
        ['ipadGetContact', 'userName'],
        ['findLastMsgList (single chats)', 'wechatContactName'],
      ] as const) {
        for (const mode of ['get', 'post-query', 'post-form'] as const) {
          expectEnvelope(await call(admin, name, { ...VALID[name]!(), [param]: BIG }, mode), 400, param, `${name} ${param} (${mode})`);
        }
      }
    });
  });

  it('a 2 MB body is a 400, on /wechat_api and /api/v1 alike', async () => {
    const huge = 'y'.repeat(2 * 1024 * 1024);
    await expectUnchanged(async () => {
      expectEnvelope(await admin.request({ method: 'POST', url: '/wechat_api/chatroom/doSave', payload: { keyword: huge } }), 400);
      expectEnvelope(
        await admin.request({
          method: 'POST',
          url: '/wechat_api/chatroom/setAnnouncement',
          payload: `content=${huge}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
        400,
      );
      expectProblem(await admin.post('/api/v1/keywords', { keyword: huge }), 400);
      expectProblem(await admin.post(`/api/v1/conversations/${friends[0]!.id}/messages`, { text: huge }), 400);
    });
  });
});

describe('malformed bodies and unknown routes', () => {
  it('malformed JSON is a 400 envelope', async () => {
    await expectUnchanged(async () => {
      for (const body of ['{"keyword":', '{"keyword": "a",}', "{'keyword': 'a'}", 'nul', '{"keyword": "a"} trailing', '\u0000']) {
        const r = await admin.request({
          method: 'POST',
          url: '/wechat_api/chatroom/doSave',
          payload: body,
          headers: { 'content-type': 'application/json' },
        });
        expectEnvelope(r, 400, undefined, `body ${JSON.stringify(body)}`);
      }
      // An empty JSON body and an unknown content type are refused the same way.
      expectEnvelope(
        await admin.request({
          method: 'POST',
          url: '/wechat_api/chatroom/doSave',
          payload: '',
          headers: { 'content-type': 'application/json' },
        }),
        400,
      );
      expectEnvelope(
        await admin.request({
          method: 'POST',
          url: '/wechat_api/chatroom/doSave',
          payload: '<x/>',
          headers: { 'content-type': 'application/xml' },
        }),
        400,
      );
    });
  });

  it('malformed JSON on /api/v1 is a 400 problem', async () => {
    expectProblem(
      await admin.request({
        method: 'POST',
        url: '/api/v1/keywords',
        payload: '{"keyword":',
        headers: { 'content-type': 'application/json' },
      }),
      400,
    );
  });

  it('an unknown route under /wechat_api is a 404 envelope, logged in or not', async () => {
    for (const url of [
      '/wechat_api/nope',
      '/wechat_api/message/nope',
      '/wechat_api/',
      '/wechat_api/chatroom/doSave/extra',
      "/wechat_api/' OR 1=1 --",
      '/wechat_api/%00',
    ]) {
      for (const method of ['GET', 'POST', 'PUT', 'DELETE'] as const) {
        expectEnvelope(await admin.request({ method, url }), 404, undefined, `${method} ${url}`);
        const anon = await app.inject({ method, url });
        expect(anon.statusCode, `${method} ${url}`).toBe(404);
        expect(anon.json()).toStrictEqual({ code: 404, msg: expect.any(String) });
      }
    }
    expectProblem(await admin.get('/api/v1/nope'), 404);
  });
});

describe('/api/v1 bad bodies and parameters', () => {
  it('login without password or username, or with the wrong types: 400 naming the field', async () => {
    const login = (payload: unknown) => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: payload as object });
    const asReply = async (p: Promise<Awaited<ReturnType<typeof login>>>): Promise<Reply> => {
      const r = await p;
      return { status: r.statusCode, body: r.json(), raw: r.body, headers: r.headers };
    };
    expectProblem(await asReply(login({ username: 'admin' })), 400, 'password');
    expectProblem(await asReply(login({ password: 'admin-secret-1' })), 400, 'username');
    expectProblem(await asReply(login({ username: 'admin', password: { $gt: '' } })), 400, 'password');
    expectProblem(await asReply(login({ username: "admin' --", password: 'x' })), 400, 'username');
  });

  it('operators: role root, no username, a short password, a bad name: 400 naming the field; nothing created', async () => {
    await expectUnchanged(async () => {
      expectProblem(await admin.post('/api/v1/operators', { username: 'newbie', password: 'secret-123', role: 'root' }), 400, 'role');
      expectProblem(await admin.post('/api/v1/operators', { password: 'secret-123', role: 'agent' }), 400, 'username');
      expectProblem(await admin.post('/api/v1/operators', { username: 'newbie', password: '123', role: 'agent' }), 400, 'password');
      expectProblem(
        await admin.post('/api/v1/operators', { username: "x' OR 1=1 --", password: 'secret-123', role: 'agent' }),
        400,
        'username',
      );
      expectProblem(await admin.post('/api/v1/operators', { username: 'newbie', password: 'secret-123' }), 400, 'role');
    });
    const names = (await sys.running.store.db.selectFrom('operators').select('username').execute()).map((o) => o.username);
    expect(names).toEqual(['admin']);
  });

  it('assign: uins not an array, or naming accounts that do not exist: 400 naming uins; nothing changes', async () => {
    const created = await admin.post('/api/v1/operators', { username: 'assignee', password: 'secret-123', role: 'agent' });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect((await admin.put(`/api/v1/operators/${id}/accounts`, { uins: [one.account.uin] })).status).toBe(200);
    await expectUnchanged(async () => {
      for (const uins of ['not-a-uin', { $gt: '' }, { a: 1 }, 42, [one.account.uin, "' OR 1=1 --"], [{ uin: one.account.uin }]]) {
        expectProblem(await admin.put(`/api/v1/operators/${id}/accounts`, { uins }), 400, 'uins', `uins=${JSON.stringify(uins)}`);
      }
      expectProblem(await admin.put(`/api/v1/operators/${id}/accounts`, {}), 400, 'uins');
      expectProblem(await admin.put(`/api/v1/operators/abc/accounts`, { uins: [] }), 400, 'id');
      expectProblem(await admin.put(`/api/v1/operators/1.5/accounts`, { uins: [] }), 400, 'id');
    });
  });

  it('route and query parameters: 400 naming them', async () => {
    await expectUnchanged(async () => {
      expectProblem(await admin.get('/api/v1/conversations', { page: 0 }), 400, 'page');
      expectProblem(await admin.get('/api/v1/conversations', { pageSize: 101 }), 400, 'pageSize');
      expectProblem(await admin.get('/api/v1/conversations', { type: 'all' }), 400, 'type');
      expectProblem(await admin.get('/api/v1/conversations', { q: 'x'.repeat(100_000) }), 400, 'q');
      expectProblem(await admin.get('/api/v1/contacts/abc'), 400, 'contactId');
      expectProblem(await admin.get('/api/v1/contacts/1.5'), 400, 'contactId');
      expectProblem(await admin.get('/api/v1/contacts/0'), 400, 'contactId');
      expectProblem(await admin.get('/api/v1/keywords/hits', { limit: 0 }), 400, 'limit');
      expectProblem(await admin.get('/api/v1/keywords/hits', { limit: 'abc' }), 400, 'limit');
      expectProblem(await admin.post('/api/v1/keywords', {}), 400, 'keyword');
      expectProblem(await admin.post('/api/v1/keywords', { keyword: 'x'.repeat(100_000) }), 400, 'keyword');
      expectProblem(await admin.post(`/api/v1/conversations/${friends[0]!.id}/messages`, {}), 400, 'text');
      expectProblem(await admin.post(`/api/v1/conversations/${friends[0]!.id}/messages`, { text: ['a', 'b'] }), 400, 'text');
      expectProblem(await admin.get(`/api/v1/conversations/${friends[0]!.id}/messages`, { limit: 1000 }), 400, 'limit');
    });
  });

  it('ids beyond the stored range are a 400 or 404, never a fault', async () => {
    await expectUnchanged(async () => {
      for (const big of ['2147483648', '9007199254740991', '99999999999999999999']) {
        const ids = [
          { method: 'GET', url: `/api/v1/contacts/${big}` },
          { method: 'GET', url: `/api/v1/rooms/${big}` },
          { method: 'GET', url: `/api/v1/jobs/${big}` },
          { method: 'POST', url: `/api/v1/conversations/${big}/read` },
          { method: 'GET', url: `/api/v1/conversations/${big}/messages` },
          { method: 'DELETE', url: `/api/v1/keywords/${big}` },
          { method: 'PUT', url: `/api/v1/operators/${big}/accounts`, payload: { uins: [] } },
        ] as const;
        // Cursors: past the newest row is a valid (empty) page, or a 400.
        const cursors = [
          { method: 'GET', url: `/api/v1/conversations/${friends[0]!.id}/messages?before=${big}` },
          { method: 'GET', url: `/api/v1/keywords/hits?before=${big}` },
        ] as const;
        for (const req of [...ids, ...cursors]) {
          const r = await admin.request(req);
          expectSafe(r, `${req.method} ${req.url}`);
          expect((ids as readonly unknown[]).includes(req) ? [400, 404] : [200, 400], `${req.method} ${req.url}: ${r.raw}`).toContain(
            r.status,
          );
          if (r.status >= 400) expect(String(r.headers['content-type'])).toMatch(/^application\/problem\+json/);
        }
      }
    });
  });

  it('injection strings in /api/v1 parameters: never a fault, nothing changes', async () => {
    await expectUnchanged(async () => {
      for (const s of INJECTIONS) {
        const reqs: InjectOptions[] = [
          { method: 'GET', url: '/api/v1/conversations', query: { q: s } },
          { method: 'GET', url: '/api/v1/conversations', query: { uin: s } },
          { method: 'GET', url: '/api/v1/conversations', query: { type: s } },
          { method: 'GET', url: `/api/v1/contacts/${encodeURIComponent(s)}` },
          { method: 'POST', url: `/api/v1/accounts/${encodeURIComponent(s)}/sync` },
          { method: 'GET', url: '/api/v1/keywords/hits', query: { before: s } },
          { method: 'GET', url: `/api/v1/accounts/${one.account.uin}/contacts`, query: { q: s } },
          { method: 'GET', url: `/api/v1/accounts/${one.account.uin}/search`, query: { q: s } },
          { method: 'GET', url: `/api/v1/rooms/${one.room.id}/members/${encodeURIComponent(s)}` },
          { method: 'GET', url: `/api/v1/accounts/${encodeURIComponent(s)}/contacts` },
        ];
        await each(reqs, async (req) => {
          const r = await admin.request(req);
          // oxlint-disable-next-line typescript/no-base-to-string, typescript/restrict-template-expressions -- every request here is built with a string url
          const ctx = `${req.method} ${req.url} ${JSON.stringify(s)}`;
          expectSafe(r, ctx);
          if (r.status >= 400) expectProblem(r, r.status, undefined, ctx);
          if (s.includes('\u0000')) expect(r.status, `${ctx}: a NUL byte is not text`).toBe(400);
        });
      }
    });
  });
});

describe('search strings are not patterns', () => {
  it('wechatContactName with % or _ matches literally, in both variants and /api/v1', async () => {
    const db = sys.running.store.db;
    await db.updateTable('contacts').set({ nick_name: '五折%促销_专员' }).where('id', '=', friends[3]!.id).execute();
    await db.updateTable('contacts').set({ nick_name: '百分%之_百群' }).where('id', '=', one.room.id).execute();
    const singles = async (q: string) =>
      (await call(admin, 'findLastMsgList (single chats)', { wechatContactName: q, pageSize: 100 })).body.data.lastMsgList.map(
        (c: any) => c.wechatContactId,
      );
    const groups = async (q: string) =>
      (await call(admin, 'findLastMsgList (group chats)', { isRoom: 1, wechatContactName: q, pageSize: 100 })).body.map(
        (c: any) => c.wechatContactId,
      );
    const v1 = async (q: string, type: string) =>
      (await admin.get('/api/v1/conversations', { q, type, pageSize: 100 })).body.map((c: any) => c.contact.id);
    const book = async (q: string, type: 'friend' | 'room') =>
      (await admin.get(`/api/v1/accounts/${one.account.uin}/contacts`, { q, type, pageSize: 100 })).body.map((c: any) => c.id);

    // There is more than one conversation of each kind, so a wildcard would show.
    expect((await singles('')).length).toBeGreaterThan(1);
    expect((await groups('')).length).toBeGreaterThan(0);
    for (const q of ['%', '_', '%促销', '促销_专', '五折%促销_专员']) {
      expect(await singles(q), q).toEqual([friends[3]!.id]);
      expect(await v1(q, 'single'), q).toEqual([friends[3]!.id]);
      // The address book also searches wxids, which hold a literal '_' (wxid_…).
      if (q !== '_') expect(await book(q, 'friend'), q).toEqual([friends[3]!.id]);
    }
    for (const q of ['%', '_', '分%之_百']) {
      expect(await groups(q), q).toEqual([one.room.id]);
      expect(await v1(q, 'group'), q).toEqual([one.room.id]);
      expect(await book(q, 'room'), q).toEqual([one.room.id]);
    }
    // As wildcards these would match; literally they do not.
    for (const q of ['五_促', '五%专', '折_促', '%%%%', '__________________', '\\', '\\%', "'"]) {
      expect(await singles(q), q).toEqual([]);
      expect(await groups(q), q).toEqual([]);
      expect(await v1(q, 'single'), q).toEqual([]);
      expect(await book(q, 'friend'), q).toEqual([]);
    }
  });
});

describe('injection strings in every parameter', () => {
  /**
   * What a call may legitimately store when an injection string is a valid value (a keyword,
   * a room topic, an announcement, a friend request's greeting or target): the string itself,
   * verbatim. Everything else stays exactly as it was.
   */
  const STORES: Record<
    string,
    { params: string[]; tables: Table[]; immediate?: boolean; literal: (param: string, value: string) => Promise<void> }
  > = {
    doSave: {
      params: ['keyword'],
      tables: ['keywords', 'keyword_hits'],
      literal: async (_p, v) => {
        const row = await sys.running.store.db.selectFrom('keywords').select('keyword').where('keyword', '=', v.trim()).executeTakeFirst();
        expect(row?.keyword, `keyword ${JSON.stringify(v)} stored verbatim`).toBe(v.trim());
      },
    },
    createChatRoom: {
      params: ['topic'],
      tables: ['contacts', 'room_members', 'messages', 'conversations', 'keyword_hits'],
      literal: async (_p, v) => {
        await eventually(sys, async () => {
          const row = await sys.running.store.db
            .selectFrom('contacts')
            .select('nick_name')
            .where('account_id', '=', one.account.id)
            .where('is_room', '=', 1)
            .where('nick_name', '=', v.trim())
            .executeTakeFirst();
          expect(row, `room named ${JSON.stringify(v)}`).toBeDefined();
        });
      },
    },
    setAnnouncement: {
      params: ['content'],
      immediate: true, // each one replaces the last
      tables: ['contacts', 'messages', 'conversations', 'keyword_hits'],
      literal: async (_p, v) => {
        await eventually(sys, async () => {
          const row = await sys.running.store.db
            .selectFrom('contacts')
            .select('announcement')
            .where('id', '=', one.room.id)
            .executeTakeFirstOrThrow();
          expect(row.announcement.trim(), `announcement ${JSON.stringify(v)}`).toBe(v.trim());
        });
      },
    },
    addChatRoomContactAndRecord: {
      params: ['verify', 'userName'],
      tables: ['friend_requests', 'contacts', 'keyword_hits'],
      literal: async (p, v) => {
        const db = sys.running.store.db;
        const row =
          p === 'verify'
            ? await db
                .selectFrom('friend_requests')
                .select('verify')
                .where('verify', '=', v.trim() || '你好')
                .executeTakeFirst()
            : await db.selectFrom('friend_requests').select('user_name').where('user_name', '=', v).executeTakeFirst();
        expect(row, `friend request with ${p} ${JSON.stringify(v)}`).toBeDefined();
      },
    },
  };

  for (const c of contract.calls) {
    it(`${c.name}: never a fault or a leak; the store changes only as a valid call would`, async () => {
      const store = STORES[c.name];
      const before = await snapshot();
      const beforeCounts = await counts();
      const mode = firstMode(c.name);
      for (const p of [...stringParamsOf(c.name), ...intParamsOf(c.name)]) {
        const isString = stringParamsOf(c.name).includes(p);
        const stores = store?.params.includes(p) ?? false;
        const accepted: string[] = [];
        const send = async (s: string) => {
          const r = await call(admin, c.name, { ...VALID[c.name]!(), [p]: s }, mode);
          const ctx = `${c.name} ${p}=${JSON.stringify(s)}`;
          expectSafe(r, ctx);
          if (s.includes('\u0000')) expect(r.status, `${ctx}: a NUL byte is not text`).toBe(400);
          if (r.status >= 400) expectEnvelope(r, r.status, undefined, ctx);
          else if (!isString) throw new Error(`${ctx}: an integer parameter accepted ${r.raw}`);
          return r.status < 400;
        };
        // Integers: a few strings show they are refused like any other non-integer.
        const strings = isString ? INJECTIONS : INJECTIONS.slice(0, 4);
        if (stores && store!.immediate) {
          // Each one replaces the last: check it landed before sending the next.
          for (const s of strings) if (await send(s)) await store!.literal(p, s);
        } else {
          // Independent requests: in parallel, as clients would send them.
          const ok = await Promise.all(strings.map(send));
          strings.forEach((s, i) => ok[i] && stores && accepted.push(s));
        }
        // Values of the wrong JSON type, in a JSON body.
        await Promise.all(
          STRUCTURES.map(async (v) => {
            const r = await call(admin, c.name, { ...VALID[c.name]!(), [p]: v }, 'post-json');
            const ctx = `${c.name} ${p}=${JSON.stringify(v)} (json)`;
            expectSafe(r, ctx);
            if (r.status >= 400) expectEnvelope(r, r.status, undefined, ctx);
          }),
        );
        // The same key twice in the query string, both injections.
        const qs = new URLSearchParams();
        for (const [k, v] of Object.entries(VALID[c.name]!())) if (k !== p) qs.append(k, String(v));
        qs.append(p, "' OR 1=1 --");
        qs.append(p, '"; DROP TABLE messages; --');
        const rep = await admin.request({ method: c.method === 'POST' ? 'POST' : 'GET', url: `${c.path}?${qs}` });
        expectSafe(rep, `${c.name} ${p} twice`);
        if (rep.status >= 400) expectEnvelope(rep, rep.status, undefined, `${c.name} ${p} twice`);
        await sys.settle();
        for (const s of accepted) await store!.literal(p, s);
      }
      await sys.settle();
      const after = await snapshot();
      const afterCounts = await counts();
      for (const t of DATA_TABLES) {
        if (store?.tables.includes(t)) {
          expect(afterCounts[t]!, `${t} rows only added`).toBeGreaterThanOrEqual(beforeCounts[t]!);
        } else {
          expect(after[t], `${t} unchanged`).toEqual(before[t]);
        }
      }
      // Nothing was deleted anywhere: every message and contact is still there.
      const ids = (rows: unknown[]) => rows.map((r) => (r as { id: number }).id);
      expect(ids(after.messages!)).toEqual(expect.arrayContaining(ids(before.messages!)));
      expect(ids(after.contacts!)).toEqual(expect.arrayContaining(ids(before.contacts!)));
    });
  }

  it('after the whole barrage: every table is still there, and the server still answers', async () => {
    const c = await counts();
    for (const t of TABLES) expect(c[t], t).toBeGreaterThanOrEqual(0);
    expect(c.messages).toBeGreaterThan(0);
    expect(c.contacts).toBeGreaterThan(0);
    const r = await call(admin, 'findLastMsgList (single chats)', { status: 1 });
    expect(r.status).toBe(200);
    expect(r.body.data.lastMsgList.length).toBeGreaterThan(0);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await admin.get('/api/v1/auth/me')).body.username).toBe('admin');
  });
});

describe('a rejected request changes nothing', () => {
  it('a valid call with one bad parameter leaves the store as it was, for every mutating call', async () => {
    await expectUnchanged(async () => {
      for (const [name, param, bad] of [
        ['delMsgByOwnerId', 'wechatContactUserName', friends[1]!.user_name], // another contact's wxid than ownerId's
        ['delMsgByOwnerId', 'wechatUserName', 'wxid_not_this_account'],
        ['updateSetting', 'setting', '9'],
        ['updateSetting', 'wechatUserName', 'wxid_not_this_account'],
        ['createChatRoom', 'roomNickName', '{broken'],
        ['createChatRoom', 'userName', friends[1]!.user_name],
        ['setAnnouncement', 'chatRoomId', '999@chatroom'],
        ['deleteChatRoom', 'chatRoomId', 'abc'],
        ['syncContact', 'uin', '0000000000'],
        ['addChatRoomContactAndRecord', 'chatRoomName', '999@chatroom'],
        ['addChatRoomContactAndRecord', 'verify', 'v'.repeat(201)],
        ['doSave', 'keyword', 'k'.repeat(51)],
      ] as const) {
        const r = await call(admin, name, { ...VALID[name]!(), [param]: bad }, firstMode(name));
        expect(r.status, `${name} ${param}: ${r.raw}`).toBeGreaterThanOrEqual(400);
        expectEnvelope(r, r.status, undefined, `${name} ${param}`);
      }
    });
  });

  it('and the same calls, valid, do change it (so the checks above can see a change)', async () => {
    const before = await counts();
    expect((await call(admin, 'delMsgByOwnerId', VALID.delMsgByOwnerId!())).body).toMatchObject({ code: 200 });
    expect((await call(admin, 'doSave', { keyword: '最后的关键词' })).body).toMatchObject({ code: 200 });
    expect((await call(admin, 'syncContact', VALID.syncContact!())).body).toMatchObject({ code: 200 });
    await sys.settle();
    const after = await counts();
    expect(after.messages).toBeLessThan(before.messages!);
    expect(after.keywords).toBe(before.keywords! + 1);
    expect(after.jobs).toBe(before.jobs! + 1);
  });
});
