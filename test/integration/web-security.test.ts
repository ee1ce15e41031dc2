import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/schema.js';
import { callOf, contract, requestFor, type Params } from '../helpers/contract.js';
import { openEvents } from '../helpers/events.js';
import { CONSOLE_HEADERS, Client, loginCookie } from '../helpers/http.js';
import { ADMIN_PASSWORD, startTestSystem, type TestSystem } from '../helpers/system.js';
import { friendsOf, worldFacts } from '../helpers/world.js';

/**
 * The web console's edge: a browser sends the session cookie with any request, whichever
 * page asked for it, so a cookie request must prove it comes from the console; answers carry
 * the security headers; login refuses another site.
 */

type Facts = Awaited<ReturnType<typeof worldFacts>>[number];

let sys: TestSystem;
let app: FastifyInstance;
let admin: Client;
let cookie: string;
let one: Facts;
let friends: Facts['friend'][];

/** app.inject's own host: the console's origin when no PUBLIC_URL is set. */
const SELF = 'http://localhost:80';
const EVIL = 'https://evil.example';
/** Another port of the same host: same site for the browser, another origin. */
const OTHER_PORT = 'http://localhost:4000';

const DATA_TABLES: (keyof Database)[] = ['messages', 'conversations', 'contacts', 'room_members', 'keywords', 'friend_requests', 'jobs'];

async function snapshot() {
  const db = sys.running.store.db;
  const rows = await Promise.all(DATA_TABLES.map((t) => db.selectFrom(t).selectAll().execute()));
  return Object.fromEntries(DATA_TABLES.map((t, i) => [t, rows[i]!]));
}

/** Runs `act`; afterwards, and after anything it put on the bus, the store is as before. */
async function expectUnchanged(act: () => Promise<void>) {
  const before = await snapshot();
  await act();
  await sys.settle();
  expect(await snapshot()).toEqual(before);
}

/** A valid call of each documented call, by the administrator on account 1. */
const VALID: Record<string, () => Params> = {
  delMsgByOwnerId: () => ({
    ownerId: friends[0]!.id,
    wechatUserName: one.account.user_name,
    wechatContactUserName: friends[0]!.user_name,
    uin: one.account.uin,
  }),
  createChatRoom: () => ({ uin: one.account.uin, userName: `${friends[1]!.user_name},${friends[2]!.user_name}`, topic: '跨站建的群' }),
  'findLastMsgList (single chats)': () => ({ status: 1, uin: one.account.uin, page: 1, pageSize: 20 }),
  'findLastMsgList (group chats)': () => ({ uin: one.account.uin, isRoom: 1, page: 1, pageSize: 20 }),
  updateSetting: () => ({ contactId: one.room.id, setting: 3, wechatUserName: one.account.user_name, uin: one.account.uin }),
  syncContact: () => ({ uin: one.account.uin }),
  getMember: () => ({ uin: one.account.uin, userName: one.account.user_name, charRoomId: one.room.user_name }),
  doSave: () => ({ keyword: '跨站关键词' }),
  setAnnouncement: () => ({ uin: one.account.uin, content: '跨站公告', chatRoomId: one.room.user_name }),
  deleteChatRoom: () => ({ uin: one.account.uin, chatRoomId: one.rooms.at(-1)!.user_name }),
  getMemberHeadImg: () => ({ uin: one.account.uin, userName: one.account.user_name, charRoomId: one.room.user_name }),
  getGroupCount: () => ({ uin: one.account.uin, chatRoomId: one.room.user_name }),
  ipadGetMemberDetail: () => ({ chatRoomName: one.room.user_name, uin: one.account.uin, userName: one.members[0]!.user_name }),
  addChatRoomContactAndRecord: () => ({ chatRoomName: one.room.user_name, uin: one.account.uin, userName: one.members[0]!.user_name }),
  ipadSearchContact: () => ({ type: 'wxid', uin: one.account.uin, userName: friends[0]!.user_name }),
  ipadGetContact: () => ({ uin: one.account.uin, userName: friends[0]!.user_name }),
};

/** A documented call as a GET, with these headers. */
const contractGet = (name: string, headers: Record<string, string>): InjectOptions => ({
  ...requestFor(callOf(name).path, VALID[name]!(), 'get'),
  headers,
});

function expectEnvelope(r: { statusCode: number; body: string }, status: number, ctx = '') {
  expect(r.statusCode, `${ctx} ${r.body}`).toBe(status);
  const body = JSON.parse(r.body);
  expect(Object.keys(body).sort(), ctx).toEqual(['code', 'msg']);
  expect(body.code, ctx).toBe(status);
  expect(body.msg, ctx).toMatch(/[\u4e00-\u9fff]/);
}

function expectProblem(r: { statusCode: number; body: string; headers: Record<string, unknown> }, status: number, ctx = '') {
  expect(r.statusCode, `${ctx} ${r.body}`).toBe(status);
  expect(String(r.headers['content-type']), ctx).toMatch(/^application\/problem\+json/);
  expect(JSON.parse(r.body), ctx).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
}

beforeAll(async () => {
  sys = await startTestSystem();
  app = sys.running.app!;
  admin = await Client.login(app);
  cookie = await loginCookie(app);
  one = (await worldFacts(sys))[0]!;
  friends = await friendsOf(sys, one.account.id);
});
afterAll(() => sys?.close());

describe('a request authenticated by the session cookie', () => {
  it('from a cross-site link acts on no documented call, GET or not', async () => {
    expect(Object.keys(VALID).sort()).toEqual(contract.calls.map((c) => c.name).sort());
    // What the browser sends when another site links to, or submits a form at, a contract URL.
    const crossSite: Record<string, Record<string, string>> = {
      'a link on another site': { cookie, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' },
      'a page on another port of this host': { cookie, 'sec-fetch-site': 'same-site' },
      'an older browser, with a Referer': { cookie, referer: `${EVIL}/page` },
      'an older browser, with an Origin': { cookie, origin: EVIL },
      'an address typed or bookmarked, without the console header': { cookie, 'sec-fetch-site': 'none' },
      'no browser signal and no console header': { cookie },
    };
    await expectUnchanged(async () => {
      for (const [how, headers] of Object.entries(crossSite))
        for (const c of contract.calls) expectEnvelope(await app.inject(contractGet(c.name, headers)), 403, `${how}: ${c.name}`);
    });
  });

  it('from the console (its header, same origin) works on the contract', async () => {
    const r = await app.inject(contractGet('delMsgByOwnerId', { cookie, ...CONSOLE_HEADERS }));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ code: 200 });
    const list = await app.inject(contractGet('findLastMsgList (single chats)', { cookie, ...CONSOLE_HEADERS }));
    expect(list.statusCode).toBe(200);
    // Without fetch metadata (not a browser), the header alone is enough; with the browser's Origin, that origin must match.
    expect((await app.inject(contractGet('getGroupCount', { cookie, 'x-wxdesk-csrf': '1' }))).statusCode).toBe(200);
    expect((await app.inject(contractGet('getGroupCount', { cookie, 'x-wxdesk-csrf': '1', origin: SELF }))).statusCode).toBe(200);
    expectEnvelope(await app.inject(contractGet('getGroupCount', { cookie, 'x-wxdesk-csrf': '1', origin: OTHER_PORT })), 403);
    expectEnvelope(await app.inject(contractGet('getGroupCount', { cookie, 'x-wxdesk-csrf': '0', 'sec-fetch-site': 'same-origin' })), 403);
  });

  it('on /api/v1: a change needs the console header and the same origin; a read needs the same origin', async () => {
    const post = (headers: Record<string, string>, keyword: string) =>
      app.inject({ method: 'POST', url: '/api/v1/keywords', payload: { keyword }, headers: { cookie, ...headers } });
    await expectUnchanged(async () => {
      expectProblem(await post({ origin: EVIL, 'x-wxdesk-csrf': '1' }, '跨站一'), 403, 'other site');
      expectProblem(await post({ origin: OTHER_PORT, 'x-wxdesk-csrf': '1' }, '跨站二'), 403, 'other port');
      expectProblem(await post({ origin: 'null', 'x-wxdesk-csrf': '1' }, '跨站三'), 403, 'opaque origin');
      expectProblem(await post({ 'sec-fetch-site': 'same-site', 'x-wxdesk-csrf': '1' }, '跨站四'), 403, 'same site');
      expectProblem(await post({ 'sec-fetch-site': 'same-origin' }, '跨站五'), 403, 'no header');
      expectProblem(await post({ origin: SELF }, '跨站六'), 403, 'no header, same origin');
    });
    const ok = await post({ ...CONSOLE_HEADERS, origin: SELF }, '同源关键词');
    expect(ok.statusCode, ok.body).toBe(201);

    const me = (headers: Record<string, string>) => app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie, ...headers } });
    expectProblem(await me({ 'sec-fetch-site': 'cross-site' }), 403);
    expectProblem(await me({ 'sec-fetch-site': 'same-site' }), 403);
    expectProblem(await me({ referer: `${OTHER_PORT}/x` }), 403);
    for (const headers of [{ 'sec-fetch-site': 'same-origin' }, { 'sec-fetch-site': 'none' }, { referer: `${SELF}/desk` }, {}])
      expect((await me(headers)).statusCode, JSON.stringify(headers)).toBe(200);
  });

  it('logout from another origin does not end the session', async () => {
    const own = await loginCookie(app);
    expectProblem(await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: own, origin: EVIL } }), 403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: own } })).statusCode).toBe(200);
    const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: own, ...CONSOLE_HEADERS } });
    expect(out.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: own } })).statusCode).toBe(401);
  });

  it('is SameSite=Strict and HttpOnly, and not Secure on plain http', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
    const set = ([] as string[]).concat(r.headers['set-cookie'] ?? []).find((c) => c.startsWith('wxdesk_session='))!;
    expect(set).toMatch(/;\s*SameSite=Strict/i);
    expect(set).toMatch(/;\s*HttpOnly/i);
    expect(set).not.toMatch(/;\s*Secure/i);
  });
});

describe('a bearer token', () => {
  it('is unaffected by origins and needs no console header', async () => {
    const bearer = { authorization: `Bearer ${admin.token}`, origin: EVIL, 'sec-fetch-site': 'cross-site' };
    expect((await app.inject(contractGet('getGroupCount', bearer))).statusCode).toBe(200);
    const r = await app.inject({ method: 'POST', url: '/api/v1/keywords', payload: { keyword: '令牌关键词' }, headers: bearer });
    expect(r.statusCode, r.body).toBe(201);
    // The bearer decides, even with a cookie beside it.
    const both = await app.inject({ ...contractGet('getGroupCount', bearer), headers: { ...bearer, cookie: 'wxdesk_session=whatever' } });
    expect(both.statusCode).toBe(200);
  });
});

describe('login', () => {
  const login = (headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD }, headers });

  it('refuses another origin (login CSRF) and sets no cookie', async () => {
    for (const headers of [
      { origin: EVIL },
      { origin: OTHER_PORT },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { referer: `${EVIL}/` },
    ]) {
      const r = await login(headers);
      expectProblem(r, 403, JSON.stringify(headers));
      expect(r.headers['set-cookie'], JSON.stringify(headers)).toBeUndefined();
    }
  });

  it('accepts the console and clients that are not browsers', async () => {
    for (const headers of [{ 'sec-fetch-site': 'same-origin' }, { origin: SELF }, {}]) expect((await login(headers)).statusCode).toBe(200);
  });
});

describe('the event stream', () => {
  const open = (headers: Record<string, string>, url = '/api/v1/events') =>
    app.injectWS(url, { headers: { host: 'localhost:80', ...headers } });

  it('refuses a cookie upgrade from another origin, another port of this host included', async () => {
    await expect(open({ cookie, origin: OTHER_PORT })).rejects.toThrow(/403/);
    await expect(open({ cookie, origin: EVIL })).rejects.toThrow(/403/);
    await expect(open({ cookie, origin: SELF, 'sec-fetch-site': 'same-site' })).rejects.toThrow(/403/);
  });

  it("opens for the console's origin, and for a token", async () => {
    const ws = await open({ cookie, origin: SELF });
    ws.terminate();
    const events = await openEvents(app, admin.token);
    await events.waitFor((e) => (e.type as string) === 'hello');
    events.close();
  });
});

describe('behind a proxy (PUBLIC_URL, TRUST_PROXY)', () => {
  let publicSys: TestSystem;
  let proxied: TestSystem;
  beforeAll(async () => {
    publicSys = await startTestSystem({ PUBLIC_URL: 'https://desk.example.com' });
    proxied = await startTestSystem({ TRUST_PROXY: 'true' });
  });
  afterAll(async () => {
    await publicSys?.close();
    await proxied?.close();
  });

  it('PUBLIC_URL is the one origin a cookie request may come from', async () => {
    const papp = publicSys.running.app!;
    const own = await loginCookie(papp);
    let n = 0;
    const post = (origin: string) =>
      papp.inject({
        method: 'POST',
        url: '/api/v1/keywords',
        payload: { keyword: `代理关键词${++n}` },
        headers: { cookie: own, origin, 'x-wxdesk-csrf': '1' },
      });
    expect((await post('https://desk.example.com')).statusCode).toBe(201);
    // The Host the proxy forwarded is not the console's origin once PUBLIC_URL names it.
    expectProblem(await post(SELF), 403);
    expectProblem(await post('http://desk.example.com'), 403);
    expectProblem(await post('https://desk.example.com:8443'), 403);
  });

  it("TRUST_PROXY: the request's scheme and host come from X-Forwarded-* only when on", async () => {
    const headers = (own: string) => ({
      cookie: own,
      origin: 'https://desk.internal',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'desk.internal',
    });
    const trusted = proxied.running.app!;
    expect((await trusted.inject({ method: 'GET', url: '/api/v1/auth/me', headers: headers(await loginCookie(trusted)) })).statusCode).toBe(
      200,
    );
    // Not trusted: the request went to http://localhost:80, whatever the headers claim.
    expectProblem(await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: headers(cookie) }), 403);
  });
});
