import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/http.js';
import { ADMIN_PASSWORD, startTestSystem, type TestSystem } from '../helpers/system.js';

/** The security headers of every answer (src/http/security-headers.ts). */

let sys: TestSystem;
let app: FastifyInstance;
let admin: Client;

beforeAll(async () => {
  sys = await startTestSystem();
  app = sys.running.app!;
  admin = await Client.login(app);
});
afterAll(() => sys?.close());

describe('security headers', () => {
  const headersOf = async (url: string, headers: Record<string, string> = {}) =>
    (await app.inject({ method: 'GET', url, headers })).headers;

  it('give the console a content security policy and forbid framing', async () => {
    const h = await headersOf('/');
    const csp = String(h['content-security-policy']);
    const directive = (name: string) =>
      csp
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith(`${name} `)) ?? '';
    expect(directive('default-src')).toBe("default-src 'self'");
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(directive('img-src')).toContain('data:');
    expect(directive('img-src')).toContain("'self'");
    expect(directive('connect-src')).toContain("'self'");
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests'); // plain http: it would break the console
    expect(h['x-frame-options']).toBe('DENY');
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['referrer-policy']).toBe('same-origin');
    expect(h['strict-transport-security']).toBeUndefined();
  });

  it('send nosniff on every answer: API, errors, media files, avatars, docs', async () => {
    const mediaDir = sys.running.services.media.directory;
    const file = `nosniff-${process.pid}.txt`;
    fs.writeFileSync(path.join(mediaDir, file), '<script>alert(1)</script>');
    try {
      const urls: [string, Record<string, string>][] = [
        ['/api/v1/auth/me', { authorization: `Bearer ${admin.token}` }],
        ['/api/v1/auth/me', {}],
        ['/wechat_api/message/findLastMsgList', {}],
        ['/api/v1/nothing-here', {}],
        [`/media/${file}`, {}],
        ['/media/missing.png', {}],
        ['/avatars/someone.svg', {}],
        ['/docs', {}],
        ['/healthz', {}],
      ];
      for (const [url, headers] of urls) {
        const h = await headersOf(url, headers);
        expect(h['x-content-type-options'], url).toBe('nosniff');
        expect(h['x-frame-options'], url).toBe('DENY');
      }
      // Public files may be shown by a contract client on another origin; API answers may not be read by one.
      expect((await headersOf(`/media/${file}`))['cross-origin-resource-policy']).toBe('cross-origin');
      expect((await headersOf('/api/v1/auth/me'))['cross-origin-resource-policy']).toBe('same-origin');
    } finally {
      fs.rmSync(path.join(mediaDir, file), { force: true });
    }
  });
});

describe('with an https PUBLIC_URL', () => {
  let publicSys: TestSystem;
  beforeAll(async () => {
    publicSys = await startTestSystem({ PUBLIC_URL: 'https://desk.example.com' });
  });
  afterAll(() => publicSys?.close());

  it('https PUBLIC_URL: Secure cookie, HSTS, upgrade-insecure-requests, the socket origin allowed', async () => {
    const r = await publicSys.running.app!.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: ADMIN_PASSWORD },
      headers: { origin: 'https://desk.example.com' },
    });
    expect(r.statusCode, r.body).toBe(200);
    const set = ([] as string[]).concat(r.headers['set-cookie'] ?? []).find((c) => c.startsWith('wxdesk_session='))!;
    expect(set).toMatch(/;\s*Secure/i);
    expect(String(r.headers['strict-transport-security'])).toMatch(/max-age=\d{7,}/);
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain('upgrade-insecure-requests');
    expect(csp).toMatch(/connect-src 'self' wss:\/\/desk\.example\.com/);
    // HSTS is for https only.
    expect((await app.inject({ method: 'GET', url: '/' })).headers['strict-transport-security']).toBeUndefined();
  });
});
