import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEvents } from '../helpers/events.js';
import { Client } from '../helpers/http.js';
import { startTestSystem, type TestSystem } from '../helpers/system.js';

// Adding accounts and logging them in and out, on the simulator (the wechaty gateway has its own suite).
describe('POST /api/v1/accounts, /accounts/:uin/login|logout', () => {
  let sys: TestSystem;
  let admin: Client;
  beforeAll(async () => {
    sys = await startTestSystem();
    admin = await Client.login(sys.running.app!);
  });
  afterAll(() => sys?.close());

  const account = async (uin: string) => (await admin.get('/api/v1/accounts')).body.find((a: { uin: string }) => a.uin === uin);

  it('adds an account: a QR code for administrators, then the account online', async () => {
    const stream = await openEvents(sys.running.app!, admin.token);
    const r = await admin.post('/api/v1/accounts', {});
    expect(r.status, r.raw).toBe(202);
    expect(r.body).toMatchObject({ accepted: true, uin: expect.stringMatching(/^\d+$/) });
    const qr = await stream.waitFor((e) => e.type === 'account.qr');
    expect(qr.data).toMatchObject({ qrUrl: expect.any(String) });
    await stream.waitFor((e) => e.type === 'account.updated' && e.data.uin === r.body.uin && e.data.account.online);
    expect(await account(r.body.uin)).toMatchObject({ online: true });
    stream.close();
  });

  it('logs an account out and in again', async () => {
    const [first] = (await admin.get('/api/v1/accounts')).body;
    expect((await admin.post(`/api/v1/accounts/${first.uin}/logout`)).status).toBe(202);
    await sys.settle();
    expect(await account(first.uin)).toMatchObject({ online: false });
    expect((await admin.post(`/api/v1/accounts/${first.uin}/login`)).status).toBe(202);
    await sys.settle();
    expect(await account(first.uin)).toMatchObject({ online: true });
  });

  it('is for administrators only, and names an existing account', async () => {
    const [first] = (await admin.get('/api/v1/accounts')).body;
    const agent = await admin.agent('login-agent', [first.uin]);
    for (const url of ['/api/v1/accounts', `/api/v1/accounts/${first.uin}/login`, `/api/v1/accounts/${first.uin}/logout`]) {
      const r = await agent.post(url, {});
      expect(r.status, url).toBe(403);
    }
    expect((await admin.post('/api/v1/accounts/404404/logout')).status).toBe(404);
    expect((await admin.post('/api/v1/accounts/bad%20uin/login')).status).toBe(400);
    const anonymous = await sys.running.app!.inject({ method: 'POST', url: '/api/v1/accounts', payload: {} });
    expect(anonymous.statusCode).toBe(401);
  });
});
