import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/http.js';
import { startTestSystem, type TestSystem } from '../helpers/system.js';

/**
 * Every error the server can give is in one of the two documented shapes: the contract's
 * `{"code","msg"}` on /wechat_api, RFC 9457 problem details elsewhere. Including the ones
 * that never reach a route: a URL the router cannot read, a path parameter over its limit,
 * and requests Node's HTTP parser refuses before Fastify sees them.
 */
let sys: TestSystem;
let app: FastifyInstance;
let admin: Client;
let base: { host: string; port: number };

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function expectEnvelope(a: Answer, status: number, ctx = '') {
  expect(a.status, `${ctx} ${a.body}`).toBe(status);
  expect(a.headers['content-type'], ctx).toMatch(/^application\/json/);
  const body = JSON.parse(a.body);
  expect(Object.keys(body).sort(), ctx).toEqual(['code', 'msg']);
  expect(body.code, ctx).toBe(status);
  expect(body.msg, ctx).toMatch(/[\u4e00-\u9fff]/);
  expect(a.headers['x-content-type-options'], ctx).toBe('nosniff');
}

function expectProblem(a: Answer, status: number, ctx = '') {
  expect(a.status, `${ctx} ${a.body}`).toBe(status);
  expect(a.headers['content-type'], ctx).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(a.body);
  expect(body, ctx).toMatchObject({
    status,
    type: expect.stringMatching(/^https:\/\//),
    title: expect.any(String),
    code: expect.any(String),
  });
  expect(body.detail, ctx).toMatch(/[\u4e00-\u9fff]/);
  expect(a.headers['x-content-type-options'], ctx).toBe('nosniff');
}

const injected = async (url: string, headers: Record<string, string> = {}): Promise<Answer> => {
  const r = await app.inject({ method: 'GET', url, headers });
  return { status: r.statusCode, headers: r.headers as Record<string, string>, body: r.body };
};

/** Sends raw bytes over TCP and reads the whole answer: what Node's parser does with them. */
function raw(request: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(base.port, base.host);
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', (e) => (chunks.length ? undefined : reject(e)));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()] as const),
      );
      const body = rest.join('\r\n\r\n');
      if (headers['content-length']) expect(Buffer.byteLength(body), 'content-length is bytes').toBe(Number(headers['content-length']));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
    socket.write(request);
  });
}

beforeAll(async () => {
  sys = await startTestSystem();
  app = sys.running.app!;
  admin = await Client.login(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const a = app.server.address() as AddressInfo;
  base = { host: a.address, port: a.port };
});
afterAll(() => sys?.close());

describe('errors that never reach a route', () => {
  it('bad URL encoding (FST_ERR_BAD_URL): 400 in the envelope of its API', async () => {
    expectEnvelope(await injected('/wechat_api/chatroom/getMember/%E0%A4%A'), 400, 'contract');
    expectProblem(await injected('/api/v1/rooms/%E0%A4%A'), 400, 'v1');
    expectProblem(await injected('/api/v1/rooms/%ZZ/members'), 400, 'v1 members');
  });

  it('a path parameter over 100 characters: 414', async () => {
    const long = 'x'.repeat(101);
    expectProblem(await injected(`/api/v1/rooms/${long}`), 414, 'v1');
    expectProblem(await injected(`/api/v1/contacts/${long}/refresh`), 414, 'v1 nested');
    expectProblem(await injected(`/avatars/${long}`), 414, 'avatars');
  });

  it('a URL or headers over Node’s limit: 431 from the HTTP parser, in its API’s envelope', async () => {
    const huge = 'a'.repeat(20 * 1024);
    expectEnvelope(await raw(`GET /wechat_api/message/findLastMsgList?q=${huge} HTTP/1.1\r\nHost: x\r\n\r\n`), 431, 'contract url');
    expectProblem(await raw(`GET /api/v1/accounts HTTP/1.1\r\nHost: x\r\nX-Big: ${huge}\r\n\r\n`), 431, 'v1 header');
    expectProblem(await raw(`GET / HTTP/1.1\r\nHost: x\r\nCookie: ${huge}\r\n\r\n`), 431, 'console');
  });

  it('a request the HTTP parser cannot read at all: 400 problem details', async () => {
    const a = await raw('GARBAGE\r\n\r\n');
    expectProblem(a, 400, 'garbage');
    expect(a.headers.connection).toBe('close');
    expectEnvelope(
      await raw('GET /wechat_api/message/findLastMsgList HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n'),
      400,
      'contract',
    );
  });

  it('/api/v1/events without an upgrade: 426 problem details naming the upgrade', async () => {
    const a = await injected('/api/v1/events', { authorization: `Bearer ${admin.token}` });
    expectProblem(a, 426);
    expect(a.headers.upgrade).toBe('websocket');
    // Without a caller it is a 401 like every guarded route.
    expectProblem(await injected('/api/v1/events'), 401);
  });
});

describe('while the server stops', () => {
  it('a request that arrives on an open connection gets 503 in its envelope, and the connection closes', async () => {
    const stopping = await startTestSystem();
    const sapp = stopping.running.app!;
    const token = (await Client.login(sapp)).token;
    await sapp.listen({ port: 0, host: '127.0.0.1' });
    const port = (sapp.server.address() as AddressInfo).port;
    const socket = net.connect(port, '127.0.0.1');
    let out = '';
    socket.on('data', (d) => (out += d.toString('utf8')));
    const ended = new Promise((r) => socket.on('close', r));
    // A request in flight (its body half sent) keeps the connection open while the server stops…
    const body = JSON.stringify({ keyword: '停机前' });
    const auth = `Authorization: Bearer ${token}\r\nHost: x`;
    const half = Buffer.from(body).subarray(0, 5);
    socket.write(
      `POST /api/v1/keywords HTTP/1.1\r\n${auth}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
    );
    socket.write(half);
    await new Promise((r) => setTimeout(r, 100));
    const closing = sapp.close();
    await new Promise((r) => setTimeout(r, 100));
    // …and the next request on it comes in after the stop began.
    socket.write(
      Buffer.concat([Buffer.from(body).subarray(5), Buffer.from(`GET /wechat_api/message/findLastMsgList HTTP/1.1\r\n${auth}\r\n\r\n`)]),
    );
    await Promise.race([ended, new Promise((r) => setTimeout(r, 3000))]);
    socket.destroy();
    await closing;
    await stopping.close().catch(() => undefined);

    const answers = out.split(/(?=HTTP\/1\.1 )/);
    expect(answers[0]).toMatch(/^HTTP\/1\.1 201/);
    const [head = '', text = ''] = (answers[1] ?? '').split('\r\n\r\n');
    const headers = Object.fromEntries(
      head
        .split('\r\n')
        .slice(1)
        .map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
    );
    expectEnvelope({ status: Number(head.split(' ')[1]), headers, body: text }, 503, 'contract while stopping');
    expect(headers.connection).toBe('close');
  });
});
