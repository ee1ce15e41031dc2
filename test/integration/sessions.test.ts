import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/roles/start.js';
import { openEvents } from '../helpers/events.js';
import { Client } from '../helpers/http.js';
import { startTestSystem, type TestSystem } from '../helpers/system.js';
import { worldFacts } from '../helpers/world.js';

const AGENT_PASSWORD = 'agent-pass-1';

/** GET /auth/me with a token on one node: 200 while the session is honoured there, 401 after. */
const meStatus = async (app: FastifyInstance, token: string) =>
  (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode;

// Two API nodes on one store and one bus, as in a scale-out deployment: each with its own
// session cache and event hub. What one node ends, every node ends at once.
describe('sessions end everywhere at once: logout, disabled operators, assignment changes', () => {
  let sys: TestSystem;
  let nodeB: Running;
  let appA: FastifyInstance;
  let appB: FastifyInstance;
  let admin: Client;
  let facts: Awaited<ReturnType<typeof worldFacts>>;
  beforeAll(async () => {
    sys = await startTestSystem();
    nodeB = await sys.addApiNode();
    appA = sys.running.app!;
    appB = nodeB.app!;
    admin = await Client.login(appA);
    facts = await worldFacts(sys);
  });
  afterAll(() => sys?.close());

  const inbound = (i: number, text: string) =>
    admin.post('/api/v1/simulator/inbound', { uin: facts[i]!.account.uin, from: facts[i]!.friend.user_name, text });

  it('a logout closes the streams of that session on every node (4401), drops it from every node’s cache, and leaves other sessions be', async () => {
    const agent = await admin.agent('logout-agent', [facts[0]!.account.uin]);
    const other = await Client.login(appA, 'logout-agent', AGENT_PASSWORD);
    const onA = await openEvents(appA, agent.token);
    const onB = await openEvents(appB, agent.token);
    const otherOnB = await openEvents(appB, other.token);
    for (const s of [onA, onB, otherOnB]) await s.waitFor((e) => (e.type as string) === 'hello');
    expect(await meStatus(appB, agent.token)).toBe(200); // node B now holds the session in its cache

    const out = await agent.post('/api/v1/auth/logout');
    expect(out.status).toBe(204);
    await sys.settle();

    for (const s of [onA, onB]) expect(await s.closed).toEqual({ code: 4401, reason: expect.stringContaining('logged out') });
    // Not honoured on node B either, well within the cache's 5 seconds.
    expect(await meStatus(appB, agent.token)).toBe(401);
    expect(await meStatus(appA, agent.token)).toBe(401);
    await expect(appB.injectWS(`/api/v1/events?token=${encodeURIComponent(agent.token)}`)).rejects.toThrow();

    // The same operator's other session goes on, and gets what the ended one no longer does.
    const seenA = onA.frames.length;
    const seenB = onB.frames.length;
    await inbound(0, '登出之后的消息');
    await otherOnB.waitFor((e) => e.type === 'message.new' && e.data.message.content === '登出之后的消息');
    expect(onA.frames.length).toBe(seenA);
    expect(onB.frames.length).toBe(seenB);
    expect(await meStatus(appB, other.token)).toBe(200);
    otherOnB.close();
  });

  it('a disabled operator: its streams close on every node (4403), its sessions end, it cannot log in until enabled again', async () => {
    const agent = await admin.agent('disabled-agent', [facts[1]!.account.uin]);
    const second = await Client.login(appB, 'disabled-agent', AGENT_PASSWORD);
    const onA = await openEvents(appA, agent.token);
    const onB = await openEvents(appB, second.token);
    for (const s of [onA, onB]) await s.waitFor((e) => (e.type as string) === 'hello');
    expect(await meStatus(appB, second.token)).toBe(200);
    expect(await meStatus(appB, agent.token)).toBe(200);

    const r = await admin.put(`/api/v1/operators/${agent.operator.id}`, { disabled: true });
    expect(r.status, r.raw).toBe(200);
    expect(r.body).toEqual({
      id: agent.operator.id,
      username: 'disabled-agent',
      role: 'agent',
      disabled: true,
      uins: [facts[1]!.account.uin],
    });
    await sys.settle();

    for (const s of [onA, onB]) expect(await s.closed).toEqual({ code: 4403, reason: expect.stringContaining('disabled') });
    for (const app of [appA, appB]) for (const t of [agent.token, second.token]) expect(await meStatus(app, t)).toBe(401);
    const sessions = await sys.running.store.db
      .selectFrom('sessions')
      .select('token_hash')
      .where('operator_id', '=', agent.operator.id)
      .execute();
    expect(sessions).toEqual([]);

    const login = await appA.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'disabled-agent', password: AGENT_PASSWORD },
    });
    expect(login.statusCode).toBe(403);
    expect(login.json()).toMatchObject({ code: 'auth.disabled', status: 403 });
    expect(login.headers['set-cookie']).toBeUndefined();
    // A wrong password is still just a wrong password: being disabled is said only to whoever knows it.
    const wrong = await appA.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'disabled-agent', password: 'nope-nope' },
    });
    expect(wrong.statusCode).toBe(401);

    const listed = (await admin.get('/api/v1/operators')).body.find((o: { id: number }) => o.id === agent.operator.id);
    expect(listed).toMatchObject({ disabled: true });

    const enabled = await admin.put(`/api/v1/operators/${agent.operator.id}`, { disabled: false });
    expect(enabled.status).toBe(200);
    expect(enabled.body.disabled).toBe(false);
    const back = await Client.login(appB, 'disabled-agent', AGENT_PASSWORD);
    expect(await meStatus(appA, back.token)).toBe(200);
  });

  it('disabling is for administrators, never of oneself, of an operator that exists, with a boolean', async () => {
    const agent = await admin.agent('not-an-admin', []);
    const r = await agent.put(`/api/v1/operators/${admin.operator.id}`, { disabled: true });
    expect(r.status).toBe(403);
    const self = await admin.put(`/api/v1/operators/${admin.operator.id}`, { disabled: true });
    expect(self.status).toBe(409);
    expect(self.body).toMatchObject({ code: 'conflict', param: 'disabled' });
    expect((await admin.put('/api/v1/operators/999999', { disabled: true })).status).toBe(404);
    expect((await admin.put(`/api/v1/operators/${agent.operator.id}`, { disabled: 'maybe' })).status).toBe(400);
    expect((await admin.put(`/api/v1/operators/${agent.operator.id}`, {})).status).toBe(400);
    expect(await meStatus(appA, admin.token)).toBe(200);
    expect(await meStatus(appA, agent.token)).toBe(200);
  });

  it('an assignment change re-scopes the operator’s streams on every node: nothing more of an account taken away, a new hello', async () => {
    const [a0, a1] = facts;
    const agent = await admin.agent('rescoped-agent', [a0!.account.uin, a1!.account.uin]);
    const onB = await openEvents(appB, agent.token);
    const adminOnA = await openEvents(appA, admin.token);
    await onB.waitFor((e) => (e.type as string) === 'hello');
    await inbound(0, '分配变更之前');
    await onB.waitFor((e) => e.type === 'message.new' && e.data.message.content === '分配变更之前');

    expect((await admin.put(`/api/v1/operators/${agent.operator.id}/accounts`, { uins: [a1!.account.uin] })).status).toBe(200);
    await sys.settle();
    const hellos = onB.frames.filter((f) => f.type === 'hello');
    expect(hellos.at(-1)?.data.uins).toEqual([a1!.account.uin]);

    const seen = onB.frames.length;
    await inbound(0, '分配变更之后');
    await adminOnA.waitFor((e) => e.type === 'message.new' && e.data.message.content === '分配变更之后');
    await inbound(1, '仍然分配的');
    await onB.waitFor((e) => e.type === 'message.new' && e.data.message.content === '仍然分配的');
    await sys.settle();
    expect(onB.frames.slice(seen).filter((f) => f.data?.uin === a0!.account.uin)).toEqual([]);
    onB.close();
    adminOnA.close();
  });
});
