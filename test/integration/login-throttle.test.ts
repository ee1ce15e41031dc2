import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../helpers/contract.js';
import { Client } from '../helpers/http.js';
import { startTestSystem, type TestSystem } from '../helpers/system.js';

/**
 * Guessing passwords: failures are counted per user name and per client address, apart, in
 * the store; a name that keeps failing waits longer each time, whoever tries it.
 */
let sys: TestSystem;
let app: FastifyInstance;
let admin: Client;
const AGENT_PW = 'agent-pass-1';

const login = (username: string, password: string, remoteAddress: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress, headers });

function expectThrottled(r: Awaited<ReturnType<typeof login>>, ctx = '') {
  expect(r.statusCode, `${ctx} ${r.body}`).toBe(429);
  expect(String(r.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(r.json()).toMatchObject({ status: 429, code: 'throttled', title: '请求过于频繁' });
  expect(Number(r.headers['retry-after']), ctx).toBeGreaterThanOrEqual(1);
  expect(r.headers['set-cookie']).toBeUndefined();
}

beforeAll(async () => {
  sys = await startTestSystem();
  app = sys.running.app!;
  admin = await Client.login(app);
  for (const name of ['nat_a', 'nat_b', 'nat_c', 'nat_d', 'nat_e', 'nat_f', 'locked', 'spread']) await admin.agent(name, []);
});
afterAll(() => sys?.close());

describe('login limits', () => {
  it('many operators behind one address all log in (one NAT does not lock the others out)', async () => {
    const names = ['nat_a', 'nat_b', 'nat_c', 'nat_d', 'nat_e', 'nat_f'];
    for (let round = 0; round < 3; round++)
      for (const name of names) expect((await login(name, AGENT_PW, '203.0.113.1')).statusCode, `${name} #${round}`).toBe(200);
    // One of them mistyping does not stop the rest.
    for (let i = 0; i < 6; i++) await login('nat_a', 'wrong-password', '203.0.113.1');
    expectThrottled(await login('nat_a', AGENT_PW, '203.0.113.1'));
    expect((await login('nat_b', AGENT_PW, '203.0.113.1')).statusCode).toBe(200);
  });

  it('a name that keeps failing waits, from every address, with a growing Retry-After; a success resets it', async () => {
    for (let i = 0; i < 5; i++) expect((await login('locked', 'guess', `198.51.100.${i}`)).statusCode, `guess ${i}`).toBe(401);
    const refused = await login('locked', AGENT_PW, '198.51.100.99');
    expectThrottled(refused);
    expect(refused.headers['retry-after']).toBe('1');
    await sleep(1_050);
    expect((await login('locked', 'guess', '198.51.100.98')).statusCode).toBe(401);
    const longer = await login('locked', AGENT_PW, '198.51.100.97');
    expectThrottled(longer);
    expect(longer.headers['retry-after']).toBe('2');
    await sleep(2_050);
    expect((await login('locked', AGENT_PW, '198.51.100.96')).statusCode).toBe(200);
    // Counting starts again after the success.
    for (let i = 0; i < 4; i++) expect((await login('locked', 'guess', '198.51.100.95')).statusCode).toBe(401);
    expect((await login('locked', AGENT_PW, '198.51.100.95')).statusCode).toBe(200);
  });

  it('an address that fails over many names waits, and other addresses do not', async () => {
    for (let i = 0; i < 20; i++) expect((await login(`nobody${i}`, 'guess', '192.0.2.10')).statusCode, `name ${i}`).toBe(401);
    expectThrottled(await login('spread', AGENT_PW, '192.0.2.10'));
    expect((await login('spread', AGENT_PW, '192.0.2.11')).statusCode).toBe(200);
  });
});

describe('TRUST_PROXY', () => {
  let proxied: TestSystem;
  beforeAll(async () => {
    proxied = await startTestSystem({ TRUST_PROXY: 'true' });
  });
  afterAll(() => proxied?.close());

  it('counts the client from X-Forwarded-For only when on', async () => {
    const via = (a: FastifyInstance, forwardedFor: string, name: string) =>
      a.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: name, password: 'guess' },
        remoteAddress: '10.0.0.1',
        headers: { 'x-forwarded-for': forwardedFor },
      });
    const trusted = proxied.running.app!;
    for (let i = 0; i < 20; i++) expect((await via(trusted, '203.0.113.50', `p${i}`)).statusCode).toBe(401);
    expect((await via(trusted, '203.0.113.50', 'p_next')).statusCode).toBe(429);
    expect((await via(trusted, '203.0.113.51', 'p_next')).statusCode).toBe(401);

    // Off: the header is the client's own claim, and the client is the socket's peer.
    for (let i = 0; i < 20; i++) expect((await via(app, `203.0.113.${60 + i}`, `q${i}`)).statusCode).toBe(401);
    expect((await via(app, '203.0.113.99', 'q_next')).statusCode).toBe(429);
  });
});
