import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorGateway } from '../../src/adapters/gateways/simulator/index.js';
import { Client } from '../helpers/http.js';
import { startTestSystem, type TestSystem } from '../helpers/system.js';
import { worldFacts } from '../helpers/world.js';

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function until<T>(fn: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('/api/v1', () => {
  let sys: TestSystem;
  let admin: Client;
  let facts: Awaited<ReturnType<typeof worldFacts>>;
  beforeAll(async () => {
    sys = await startTestSystem();
    admin = await Client.login(sys.running.app!);
    facts = await worldFacts(sys);
  });
  afterAll(() => sys?.close());

  it('lists accounts with online state and unread totals', async () => {
    const [f] = facts;
    await admin.post('/api/v1/simulator/inbound', { uin: f!.account.uin, from: f!.friend.user_name, text: '一' });
    await admin.post('/api/v1/simulator/inbound', { uin: f!.account.uin, from: f!.friend.user_name, text: '二' });
    await sys.settle();
    const r = await admin.get('/api/v1/accounts');
    expect(r.status).toBe(200);
    const a = r.body.find((x: { uin: string }) => x.uin === f!.account.uin);
    expect(a).toMatchObject({ online: true, userName: f!.account.user_name, unread: 2 });
    const read = await admin.post(`/api/v1/conversations/${f!.friend.id}/read`);
    expect(read.status).toBe(204);
    expect((await admin.get('/api/v1/accounts')).body.find((x: { uin: string }) => x.uin === f!.account.uin).unread).toBe(0);
  });

  it('pages history backwards with a cursor', async () => {
    const [, f] = facts;
    for (let i = 0; i < 5; i++)
      await admin.post('/api/v1/simulator/inbound', { uin: f!.account.uin, from: f!.friend.user_name, text: `第${i}条` });
    await sys.settle();
    const first = await admin.get(`/api/v1/conversations/${f!.friend.id}/messages`, { limit: 3 });
    expect(first.body.map((m: { content: string }) => m.content)).toEqual(['第4条', '第3条', '第2条']);
    const next = await admin.get(`/api/v1/conversations/${f!.friend.id}/messages`, { limit: 3, before: first.body[2].id });
    expect(next.body.map((m: { content: string }) => m.content)).toEqual(['第1条', '第0条']);
  });

  it('sends text idempotently by tokenId, and a failed send carries its reason', async () => {
    const [f] = facts;
    const one = await admin.post(`/api/v1/conversations/${f!.friend.id}/messages`, { text: '报价单已发', tokenId: 'idem-1' });
    const two = await admin.post(`/api/v1/conversations/${f!.friend.id}/messages`, { text: '报价单已发', tokenId: 'idem-1' });
    expect(one.status).toBe(202);
    expect(two.body.id).toBe(one.body.id);
    await admin.post('/api/v1/simulator/faults', { uin: f!.account.uin, kind: 'failNextSend' });
    const failed = await admin.post(`/api/v1/conversations/${f!.friend.id}/messages`, { text: '这条会失败', tokenId: 'fail-1' });
    const m = await until(async () => {
      const h = await admin.get(`/api/v1/conversations/${f!.friend.id}/messages`, { limit: 20 });
      const x = h.body.find((y: { id: number }) => y.id === failed.body.id);
      return x?.sendStatus === 2 ? x : undefined;
    });
    expect(m.failReason).toContain('模拟发送失败');
    const sent = await admin.get(`/api/v1/conversations/${f!.friend.id}/messages`, { limit: 20 });
    expect(sent.body.filter((y: { tokenId: string }) => y.tokenId === 'idem-1')).toHaveLength(1);
  });

  it('sends an image by multipart upload and serves it', async () => {
    const [f] = facts;
    const form = new FormData();
    form.append('tokenId', 'img-1');
    form.append('file', new Blob([PNG], { type: 'image/png' }), '截图.png');
    const r = await admin.request({ method: 'POST', url: `/api/v1/conversations/${f!.friend.id}/images`, payload: form as never });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ msgType: 3, fileName: '截图.png', fileSize: PNG.length, sendStatus: 0 });
    // Served to whoever may see the conversation (here by the bearer token; the console's <img> sends the cookie).
    const file = await sys.running.app!.inject({ method: 'GET', url: r.body.url, headers: { authorization: `Bearer ${admin.token}` } });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PNG)).toBe(true);

    const notImage = new FormData();
    notImage.append('file', new Blob([Buffer.from('<script>')], { type: 'image/png' }), 'x.png');
    const bad = await admin.request({ method: 'POST', url: `/api/v1/conversations/${f!.friend.id}/images`, payload: notImage as never });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body).toMatchObject({ status: 400, param: 'file' });
  });

  it('manages a room: detail, members, member detail, star, announcement, friend request, quit', async () => {
    const [, , f] = facts;
    // A room of the third account with someone in it who is not yet a friend.
    let id = 0;
    let stranger: { userName: string; nickName: string } | undefined;
    for (const room of f!.rooms) {
      const members = await admin.get(`/api/v1/rooms/${room.id}/members`);
      expect(members.body.length).toBe(room.member_count);
      stranger = members.body.find((m: { isFriend: boolean; userName: string }) => !m.isFriend && m.userName !== f!.account.user_name);
      id = room.id;
      if (stranger) break;
    }
    if (!stranger) throw new Error('the seeded world has no stranger in a room of this account');
    expect((await admin.get(`/api/v1/rooms/${id}`)).body).toMatchObject({ id, isRoom: true });
    const detail = await admin.get(`/api/v1/rooms/${id}/members/${stranger.userName}`);
    expect(detail.body).toMatchObject({ userName: stranger.userName, isFriend: false });

    expect((await admin.put(`/api/v1/contacts/${id}/setting`, { setting: 3 })).body.setting).toBe(3);
    expect((await admin.put(`/api/v1/contacts/${id}/setting`, { setting: 9 })).status).toBe(400);

    expect((await admin.put(`/api/v1/rooms/${id}/announcement`, { content: '本周六停业' })).status).toBe(202);
    await sys.settle();
    expect((await admin.get(`/api/v1/rooms/${id}`)).body.announcement).toBe('本周六停业');

    const req = await admin.post(`/api/v1/rooms/${id}/members/${stranger.userName}/friend-request`, { verify: '我是客服小王' });
    expect(req.status).toBe(202);
    await until(async () => {
      const list = await admin.get(`/api/v1/accounts/${f!.account.uin}/friend-requests`);
      return list.body.find((x: { id: number; status: number }) => x.id === req.body.id && x.status === 1);
    });
    const friends = await admin.get(`/api/v1/accounts/${f!.account.uin}/contacts`, { type: 'friend', q: stranger.nickName, pageSize: 100 });
    expect(friends.body.map((c: { userName: string }) => c.userName)).toContain(stranger.userName);

    expect((await admin.post(`/api/v1/rooms/${id}/quit`)).status).toBe(202);
    await sys.settle();
    expect((await admin.get(`/api/v1/rooms/${id}`)).body.isDelete).toBe(true);
  });

  it('searches users, refreshes a contact, deletes a history, syncs contacts', async () => {
    const [f] = facts;
    const found = await admin.get(`/api/v1/accounts/${f!.account.uin}/search`, { q: f!.friend.user_name, type: 'wxid' });
    expect(found.body).toMatchObject({ userName: f!.friend.user_name });
    expect((await admin.get(`/api/v1/accounts/${f!.account.uin}/search`, { q: 'wxid_nobody_here', type: 'wxid' })).body).toBeNull();
    expect((await admin.post(`/api/v1/contacts/${f!.friend.id}/refresh`)).status).toBe(202);
    const del = await admin.request({ method: 'DELETE', url: `/api/v1/contacts/${f!.friend.id}/messages` });
    expect(del.status).toBe(200);
    expect(del.body.deleted).toBeGreaterThan(0);
    expect((await admin.get(`/api/v1/conversations/${f!.friend.id}/messages`)).body).toEqual([]);
    const sync = await admin.post(`/api/v1/accounts/${f!.account.uin}/sync`);
    expect(sync.status).toBe(202);
    const job = await until(async () => {
      const j = await admin.get(`/api/v1/jobs/${sync.body.job.id}`);
      return j.body.status === 'done' ? j.body : undefined;
    });
    expect(job.done).toBe(job.total);
  });

  it('adds a user found by search as a friend, with the search ticket', async () => {
    const [, f] = facts;
    const sim = sys.running.gateway!.gateway as SimulatorGateway;
    const friends = new Set(
      (await admin.get(`/api/v1/accounts/${f!.account.uin}/contacts`, { type: 'friend', pageSize: 100 })).body.map(
        (c: { userName: string }) => c.userName,
      ),
    );
    const stranger = sim.directory().find((d) => !friends.has(d.userName))!;
    const found = await admin.get(`/api/v1/accounts/${f!.account.uin}/search`, { q: stranger.phone, type: 'phone' });
    expect(found.body).toMatchObject({ userName: stranger.userName });
    expect(found.body.ticket).not.toBe('');
    const req = await admin.post(`/api/v1/accounts/${f!.account.uin}/friend-requests`, {
      userName: stranger.userName,
      ticket: found.body.ticket,
      verify: '您好，我是销售小李',
    });
    expect(req.status).toBe(202);
    expect(req.body).toMatchObject({ userName: stranger.userName, status: 0, verify: '您好，我是销售小李', room: null });
    await until(async () => {
      const list = await admin.get(`/api/v1/accounts/${f!.account.uin}/contacts`, { type: 'friend', q: stranger.userName });
      return list.body.find((c: { userName: string }) => c.userName === stranger.userName);
    });
    const requests = await admin.get(`/api/v1/accounts/${f!.account.uin}/friend-requests`);
    expect(requests.body.find((r: { id: number }) => r.id === req.body.id).status).toBe(1);
  });

  it('answers problem details for bad input and unknown things', async () => {
    const r = await admin.get('/api/v1/conversations', { type: 'nope' });
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.body).toMatchObject({ status: 400, code: 'param.invalid' });
    const missing = await admin.get('/api/v1/contacts/999999');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('contact.not_found');
  });

  it('documents itself as OpenAPI at /docs', async () => {
    const r = await sys.running.app!.inject({ method: 'GET', url: '/docs/json' });
    expect(r.statusCode).toBe(200);
    const doc = r.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of [
      '/api/v1/conversations',
      '/api/v1/conversations/{contactId}/messages',
      '/api/v1/rooms/{contactId}/members',
      '/api/v1/keywords/hits',
    ])
      expect(Object.keys(doc.paths)).toContain(p);
  });
});
