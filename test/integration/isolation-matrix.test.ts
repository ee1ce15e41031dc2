import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, eventually, requestFor, sleep, type ContractCall, type Params } from '../helpers/contract.js';
import { Client, type Reply } from '../helpers/http.js';
import { documentedOperations, routeKey, type Operation } from '../helpers/openapi.js';
import { ADMIN_PASSWORD, startTestSystem, type TestSystem } from '../helpers/system.js';
import { friendsOf, worldFacts } from '../helpers/world.js';
import { storeSnapshot } from '../helpers/store-snapshot.js';

/**
 * Every route × every kind of caller, over HTTP: an agent without the account (outsider),
 * an agent with it (insider) and an administrator. The rows are the app's own route list,
 * the OpenAPI document and the contract's calls, so a new route without an expectation
 * below fails the test. Each request names account 1's things; the outsider works account 2.
 * The outsider is refused (403, or 404 where the thing is looked up among its own) and
 * changes nothing; the insider and the administrator are served, or refused for a reason
 * other than access (a 409 after the room was quit). Routes that name no account answer the
 * outsider about its own things only, and show nothing of account 1.
 */

type Facts = Awaited<ReturnType<typeof worldFacts>>[number];
type Who = 'outsider' | 'insider' | 'admin';

interface Expectation {
  /** What the outsider gets: a refusal, or `own` for routes about the caller's own things. */
  outsider: 403 | 404 | 'own';
  /** Served, or refused to every agent (administrators only). */
  insider: 'served' | 'admin-only';
  /** Refusals other than access that a second caller may meet after the first acted (409 once quit). */
  after?: number[];
  req: (who: Who) => InjectOptions | Promise<InjectOptions>;
  /** Puts back what the row changed that later rows need (an account logged out). */
  restore?: () => Promise<void>;
}

let sys: TestSystem;
let app: FastifyInstance;
let clients: Record<Who, Client>;
let one: Facts;
let three: Facts;
let friends: Facts['friend'][];
/** A member of one.room that is not a friend of the account, if any; else any member. */
let member: string;
/** Rooms of account 1 that a quit row may leave: one for /api/v1, one for the contract. */
let quitRooms: [Facts['room'], Facts['room']];
let jobOfOne: number;
let keywordOfInsider: number;
let spareOperator: number;
let operations: Operation[];

const KW_INSIDER = '内部人关键词';

const snapshot = (): Promise<string> => storeSnapshot(sys.running.store.db);

/** The store once background work (simulated replies, sync steps) has stopped changing it. */
async function stable(): Promise<string> {
  let before = await snapshot();
  for (let i = 0; i < 100; i++) {
    await sys.settle();
    await sleep(30);
    const after = await snapshot();
    if (after === before) return after;
    before = after;
  }
  throw new Error('the store never settled');
}

const login = async (username: string, password: string) => {
  const s = await sys.running.services.auth.login(username, password, '127.0.0.1');
  return s.token;
};

const PASSWORDS: Record<Who, [string, string]> = {
  outsider: ['matrix_outsider', 'agent-pass-1'],
  insider: ['matrix_insider', 'agent-pass-1'],
  admin: ['admin', ADMIN_PASSWORD],
};

/** A different PNG each time: media are stored under their content hash. */
function png(): Buffer {
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(32)]);
}

function imageUpload(): { payload: Buffer; headers: Record<string, string> } {
  const b = `----matrix${randomBytes(6).toString('hex')}`;
  return {
    payload: Buffer.concat([
      Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="x.png"\r\nContent-Type: image/png\r\n\r\n`),
      png(),
      Buffer.from(`\r\n--${b}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${b}` },
  };
}

const v1 = (method: NonNullable<InjectOptions['method']>, url: string, payload?: unknown): InjectOptions => ({
  method,
  url,
  ...(payload !== undefined ? { payload: payload as NonNullable<InjectOptions['payload']> } : {}),
});

/** Each /api/v1 operation of the document, by `METHOD path`. */
const V1: Record<string, Expectation> = {
  'POST /api/v1/auth/login': {
    outsider: 'own',
    insider: 'served',
    req: (who) => ({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: PASSWORDS[who][0], password: PASSWORDS[who][1] },
      headers: { authorization: '' },
    }),
  },
  'POST /api/v1/auth/logout': {
    outsider: 'own',
    insider: 'served',
    // Each with a session of its own, so the callers' sessions stay.
    req: async (who) => ({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { authorization: `Bearer ${await login(...PASSWORDS[who])}` },
    }),
  },
  'GET /api/v1/auth/me': { outsider: 'own', insider: 'served', req: () => v1('GET', '/api/v1/auth/me') },
  'GET /api/v1/operators': { outsider: 403, insider: 'admin-only', req: () => v1('GET', '/api/v1/operators') },
  'POST /api/v1/operators': {
    outsider: 403,
    insider: 'admin-only',
    req: (who) => v1('POST', '/api/v1/operators', { username: `matrix_new_${who}`, password: 'secret-123', role: 'agent' }),
  },
  // Enabling an operator that is enabled: the outsider is refused, the administrator changes nothing.
  'PUT /api/v1/operators/{id}': {
    outsider: 403,
    insider: 'admin-only',
    req: () => v1('PUT', `/api/v1/operators/${spareOperator}`, { disabled: false }),
  },
  'PUT /api/v1/operators/{id}/accounts': {
    outsider: 403,
    insider: 'admin-only',
    req: () => v1('PUT', `/api/v1/operators/${spareOperator}/accounts`, { uins: [one.account.uin] }),
  },
  'GET /api/v1/accounts': { outsider: 'own', insider: 'served', req: () => v1('GET', '/api/v1/accounts') },
  'POST /api/v1/accounts': { outsider: 403, insider: 'admin-only', req: () => v1('POST', '/api/v1/accounts', {}) },
  'GET /api/v1/accounts/{uin}/contacts': {
    outsider: 403,
    insider: 'served',
    req: () => v1('GET', `/api/v1/accounts/${one.account.uin}/contacts`),
  },
  'POST /api/v1/accounts/{uin}/rooms': {
    outsider: 403,
    insider: 'served',
    req: (who) =>
      v1('POST', `/api/v1/accounts/${one.account.uin}/rooms`, {
        topic: `矩阵群 ${who}`,
        members: [friends[1]!.user_name, friends[2]!.user_name],
      }),
  },
  'POST /api/v1/accounts/{uin}/login': {
    outsider: 403,
    insider: 'admin-only',
    req: () => v1('POST', `/api/v1/accounts/${three.account.uin}/login`),
  },
  'POST /api/v1/accounts/{uin}/logout': {
    outsider: 403,
    insider: 'admin-only',
    req: () => v1('POST', `/api/v1/accounts/${three.account.uin}/logout`),
    restore: async () => {
      expect((await clients.admin.post(`/api/v1/accounts/${three.account.uin}/login`)).status).toBe(202);
      await eventually(sys, async () => {
        const row = await sys.running.store.db
          .selectFrom('accounts')
          .select('status')
          .where('id', '=', three.account.id)
          .executeTakeFirstOrThrow();
        expect(row.status).toBe(1);
      });
    },
  },
  'GET /api/v1/conversations': { outsider: 403, insider: 'served', req: () => v1('GET', `/api/v1/conversations?uin=${one.account.uin}`) },
  'POST /api/v1/conversations/{contactId}/read': {
    outsider: 403,
    insider: 'served',
    req: () => v1('POST', `/api/v1/conversations/${friends[0]!.id}/read`),
  },
  'GET /api/v1/conversations/{contactId}/messages': {
    outsider: 403,
    insider: 'served',
    req: () => v1('GET', `/api/v1/conversations/${friends[0]!.id}/messages`),
  },
  'POST /api/v1/conversations/{contactId}/messages': {
    outsider: 403,
    insider: 'served',
    req: (who) => v1('POST', `/api/v1/conversations/${friends[0]!.id}/messages`, { text: `矩阵消息 ${who}` }),
  },
  'POST /api/v1/conversations/{contactId}/images': {
    outsider: 403,
    insider: 'served',
    req: () => ({ method: 'POST', url: `/api/v1/conversations/${friends[0]!.id}/images`, ...imageUpload() }),
  },
  'GET /api/v1/contacts/{contactId}': { outsider: 403, insider: 'served', req: () => v1('GET', `/api/v1/contacts/${friends[0]!.id}`) },
  'PUT /api/v1/contacts/{contactId}/setting': {
    outsider: 403,
    insider: 'served',
    req: () => v1('PUT', `/api/v1/contacts/${one.room.id}/setting`, { setting: 3 }),
  },
  'POST /api/v1/contacts/{contactId}/refresh': {
    outsider: 403,
    insider: 'served',
    req: () => v1('POST', `/api/v1/contacts/${friends[0]!.id}/refresh`),
  },
  'DELETE /api/v1/contacts/{contactId}/messages': {
    outsider: 403,
    insider: 'served',
    req: () => v1('DELETE', `/api/v1/contacts/${friends[1]!.id}/messages`),
  },
  'GET /api/v1/rooms/{contactId}': { outsider: 403, insider: 'served', req: () => v1('GET', `/api/v1/rooms/${one.room.id}`) },
  'GET /api/v1/rooms/{contactId}/members': {
    outsider: 403,
    insider: 'served',
    req: () => v1('GET', `/api/v1/rooms/${one.room.id}/members`),
  },
  'GET /api/v1/rooms/{contactId}/members/{userName}': {
    outsider: 403,
    insider: 'served',
    req: () => v1('GET', `/api/v1/rooms/${one.room.id}/members/${member}`),
  },
  'PUT /api/v1/rooms/{contactId}/announcement': {
    outsider: 403,
    insider: 'served',
    req: (who) => v1('PUT', `/api/v1/rooms/${one.room.id}/announcement`, { content: `矩阵公告 ${who}` }),
  },
  'POST /api/v1/rooms/{contactId}/quit': {
    outsider: 403,
    insider: 'served',
    after: [409],
    req: () => v1('POST', `/api/v1/rooms/${quitRooms[0].id}/quit`),
  },
  'GET /api/v1/accounts/{uin}/search': {
    outsider: 403,
    insider: 'served',
    req: () => v1('GET', `/api/v1/accounts/${one.account.uin}/search?q=${friends[0]!.user_name}`),
  },
  'GET /api/v1/accounts/{uin}/friend-requests': {
    outsider: 403,
    insider: 'served',
    req: () => v1('GET', `/api/v1/accounts/${one.account.uin}/friend-requests`),
  },
  'POST /api/v1/accounts/{uin}/friend-requests': {
    outsider: 403,
    insider: 'served',
    req: () =>
      v1('POST', `/api/v1/accounts/${one.account.uin}/friend-requests`, { userName: friends[3]!.user_name, ticket: '', verify: '你好' }),
  },
  'POST /api/v1/rooms/{contactId}/members/{userName}/friend-request': {
    outsider: 403,
    insider: 'served',
    req: () => v1('POST', `/api/v1/rooms/${one.room.id}/members/${member}/friend-request`, { verify: '你好' }),
  },
  'POST /api/v1/accounts/{uin}/sync': {
    outsider: 403,
    insider: 'served',
    req: () => v1('POST', `/api/v1/accounts/${one.account.uin}/sync`),
  },
  'GET /api/v1/accounts/{uin}/jobs': { outsider: 403, insider: 'served', req: () => v1('GET', `/api/v1/accounts/${one.account.uin}/jobs`) },
  'GET /api/v1/jobs/{id}': { outsider: 403, insider: 'served', req: () => v1('GET', `/api/v1/jobs/${jobOfOne}`) },
  'GET /api/v1/keywords': { outsider: 'own', insider: 'served', req: () => v1('GET', '/api/v1/keywords') },
  'POST /api/v1/keywords': {
    outsider: 'own',
    insider: 'served',
    req: (who) => v1('POST', '/api/v1/keywords', { keyword: `矩阵词 ${who}` }),
  },
  // Keywords are their operator's own: anyone else's id is not found, an administrator's included.
  'DELETE /api/v1/keywords/{id}': {
    outsider: 404,
    insider: 'served',
    after: [404],
    req: () => v1('DELETE', `/api/v1/keywords/${keywordOfInsider}`),
  },
  'GET /api/v1/keywords/hits': { outsider: 'own', insider: 'served', req: () => v1('GET', '/api/v1/keywords/hits') },
  'POST /api/v1/simulator/inbound': {
    outsider: 403,
    insider: 'admin-only',
    req: () => v1('POST', '/api/v1/simulator/inbound', { uin: one.account.uin, from: friends[0]!.user_name, text: '矩阵来信' }),
  },
  'POST /api/v1/simulator/faults': {
    outsider: 403,
    insider: 'admin-only',
    req: () => v1('POST', '/api/v1/simulator/faults', { uin: three.account.uin, kind: 'failNextSend' }),
  },
};

/** Each documented contract call, by name: parameters naming account 1's things. */
const CONTRACT: Record<string, Omit<Expectation, 'req'> & { params: () => Params }> = {
  delMsgByOwnerId: {
    outsider: 403,
    insider: 'served',
    params: () => ({
      ownerId: friends[2]!.id,
      wechatUserName: one.account.user_name,
      wechatContactUserName: friends[2]!.user_name,
      uin: one.account.uin,
    }),
  },
  createChatRoom: {
    outsider: 403,
    insider: 'served',
    params: () => ({ uin: one.account.uin, userName: `${friends[1]!.user_name},${friends[2]!.user_name}`, topic: '矩阵契约群' }),
  },
  'findLastMsgList (single chats)': { outsider: 403, insider: 'served', params: () => ({ status: 1, uin: one.account.uin }) },
  'findLastMsgList (group chats)': { outsider: 403, insider: 'served', params: () => ({ isRoom: 1, uin: one.account.uin }) },
  updateSetting: {
    outsider: 403,
    insider: 'served',
    params: () => ({ contactId: one.room.id, setting: 1, wechatUserName: one.account.user_name, uin: one.account.uin }),
  },
  syncContact: { outsider: 403, insider: 'served', params: () => ({ uin: one.account.uin }) },
  getMember: {
    outsider: 403,
    insider: 'served',
    params: () => ({ uin: one.account.uin, userName: one.account.user_name, charRoomId: one.room.user_name }),
  },
  doSave: { outsider: 'own', insider: 'served', params: () => ({ keyword: '矩阵契约词' }) },
  setAnnouncement: {
    outsider: 403,
    insider: 'served',
    params: () => ({ uin: one.account.uin, content: '矩阵契约公告', chatRoomId: one.room.user_name }),
  },
  deleteChatRoom: {
    outsider: 403,
    insider: 'served',
    after: [409],
    params: () => ({ uin: one.account.uin, chatRoomId: quitRooms[1].user_name }),
  },
  getMemberHeadImg: {
    outsider: 403,
    insider: 'served',
    params: () => ({ uin: one.account.uin, userName: one.account.user_name, charRoomId: one.room.user_name }),
  },
  getGroupCount: { outsider: 403, insider: 'served', params: () => ({ uin: one.account.uin, chatRoomId: one.room.user_name }) },
  ipadGetMemberDetail: {
    outsider: 403,
    insider: 'served',
    params: () => ({ chatRoomName: one.room.user_name, uin: one.account.uin, userName: member }),
  },
  addChatRoomContactAndRecord: {
    outsider: 403,
    insider: 'served',
    params: () => ({ chatRoomName: one.room.user_name, uin: one.account.uin, userName: member, verify: '你好' }),
  },
  ipadSearchContact: {
    outsider: 403,
    insider: 'served',
    params: () => ({ type: 'wxid', uin: one.account.uin, userName: friends[0]!.user_name }),
  },
  ipadGetContact: { outsider: 403, insider: 'served', params: () => ({ uin: one.account.uin, userName: friends[0]!.user_name }) },
};

/** What of account 1 an outsider's answer must never hold. */
const secretsOfOne = () => [one.account.uin, one.account.user_name, friends[0]!.user_name, one.room.user_name, KW_INSIDER];

function expectErrorShape(r: Reply, url: string, ctx: string) {
  if (url.startsWith('/wechat_api/')) {
    expect(Object.keys(r.body ?? {}).sort(), ctx).toEqual(['code', 'msg']);
    expect(r.body.code, ctx).toBe(r.status);
  } else {
    expect(String(r.headers['content-type']), ctx).toMatch(/^application\/problem\+json/);
    expect(r.body, ctx).toMatchObject({
      status: r.status,
      code: expect.any(String),
      title: expect.any(String),
      detail: expect.any(String),
    });
  }
}

/**
 * The three callers in turn, from a quiet store (what earlier rows set going has landed):
 * the outsider, and an agent refused an administrators' route, change nothing.
 */
async function runRow(label: string, e: Expectation) {
  const before = await stable();
  for (const who of ['outsider', 'insider', 'admin'] as const) {
    const req = await e.req(who);
    // oxlint-disable-next-line typescript/no-base-to-string -- every url here is a string
    const url = String(req.url);
    const r = await clients[who].request(req);
    const ctx = `${label} as the ${who}: ${r.status} ${r.raw.slice(0, 300)}`;
    expect(r.status, ctx).toBeLessThan(500);
    expect(r.status, `${ctx} (a caller with a session)`).not.toBe(401);
    const refused = (who === 'outsider' && e.outsider !== 'own') || (who === 'insider' && e.insider === 'admin-only');
    if (refused) {
      const status = who === 'outsider' ? e.outsider : 403;
      expect(r.status, ctx).toBe(status);
      expectErrorShape(r, url, ctx);
      await sys.settle();
      expect(await snapshot(), `${ctx}: a refused request changed the store`).toBe(before);
      continue;
    }
    if (who === 'outsider')
      for (const secret of secretsOfOne()) expect(r.raw, `${ctx}: shows ${secret} of account 1`).not.toContain(secret);
    if (r.status >= 300) {
      expect(e.after ?? [], `${ctx}: served, or refused for a reason other than access`).toContain(r.status);
      expectErrorShape(r, url, ctx);
    }
  }
  await e.restore?.();
}

beforeAll(async () => {
  sys = await startTestSystem();
  app = sys.running.app!;
  const admin = await Client.login(app);
  const facts = await worldFacts(sys);
  one = facts[0]!;
  three = facts[2]!;
  friends = (await friendsOf(sys, one.account.id)).slice(0, 4);
  expect(one.rooms.length).toBeGreaterThanOrEqual(3);
  quitRooms = [one.rooms.at(-1)!, one.rooms.at(-2)!];
  const memberRows = await sys.running.store.db.selectFrom('room_members').select('user_name').where('room_id', '=', one.room.id).execute();
  const friendNames = new Set((await friendsOf(sys, one.account.id)).map((f) => f.user_name));
  const others = memberRows.map((m) => m.user_name).filter((u) => u !== one.account.user_name);
  member = others.find((u) => !friendNames.has(u)) ?? others[0]!;
  const insider = await admin.agent(PASSWORDS.insider[0], [one.account.uin]);
  const outsider = await admin.agent(PASSWORDS.outsider[0], [facts[1]!.account.uin]);
  clients = { outsider, insider, admin };
  spareOperator = (await admin.post('/api/v1/operators', { username: 'matrix_spare', password: 'secret-123', role: 'agent' })).body.id;
  keywordOfInsider = (await insider.post('/api/v1/keywords', { keyword: KW_INSIDER })).body.id;
  // Conversations on both accounts (so lists have rows to leak), a keyword hit of the insider's, a finished job.
  for (const f of facts.slice(0, 2)) {
    const fr = (await friendsOf(sys, f.account.id))[0]!;
    expect((await admin.post('/api/v1/simulator/inbound', { uin: f.account.uin, from: fr.user_name, text: '你好' })).status).toBe(202);
    const m = f.members[0]!.user_name;
    expect(
      (await admin.post('/api/v1/simulator/inbound', { uin: f.account.uin, from: m, room: f.room.user_name, text: `提到${KW_INSIDER}` }))
        .status,
    ).toBe(202);
  }
  for (const f of friends.slice(1, 3))
    expect((await admin.post('/api/v1/simulator/inbound', { uin: one.account.uin, from: f.user_name, text: '在吗' })).status).toBe(202);
  jobOfOne = (await admin.post(`/api/v1/accounts/${one.account.uin}/sync`)).body.job.id;
  operations = await documentedOperations(app);
  await stable();
});

afterAll(() => sys?.close());

describe('the matrix covers every route', () => {
  it('every /api/v1 operation of the OpenAPI document has an expectation, and every expectation a route', () => {
    const documented = operations.filter((o) => o.path.startsWith('/api/v1/')).map(routeKey);
    for (const key of documented) expect(V1[key], `no expectation for ${key}: add it to the matrix`).toBeDefined();
    for (const key of Object.keys(V1)) expect(documented, `${key} is no longer a route`).toContain(key);
  });

  it('every contract call has an expectation, and every documented /wechat_api route is a contract call', () => {
    for (const c of contract.calls) expect(CONTRACT[c.name], `no expectation for ${c.name}: add it to the matrix`).toBeDefined();
    const contractPaths = new Set(contract.calls.map((c) => c.path));
    for (const o of operations.filter((x) => x.path.startsWith('/wechat_api/')))
      expect(contractPaths, `${routeKey(o)} is not a documented contract call`).toContain(o.path);
    expect(Object.keys(CONTRACT).sort()).toEqual(contract.calls.map((c) => c.name).sort());
  });
});

describe('/api/v1: outsider, insider, administrator', () => {
  for (const [key, e] of Object.entries(V1)) it(key, { timeout: 30_000 }, () => runRow(key, e));
});

describe('/wechat_api: outsider, insider, administrator, GET and POST', () => {
  const rows = (c: ContractCall) => (['GET', 'POST'] as const).map((method) => [c, method] as const);
  for (const [c, method] of contract.calls.flatMap(rows)) {
    it(`${c.name} (${method})`, { timeout: 30_000 }, () => {
      const e = CONTRACT[c.name]!;
      return runRow(`${c.name} (${method})`, {
        ...e,
        // A call the first method carried out may meet the state it left (a quit room) on the second.
        req: () => requestFor(c.path, e.params(), method === 'GET' ? 'get' : 'post-json'),
      });
    });
  }
});
