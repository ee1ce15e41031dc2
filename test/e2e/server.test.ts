import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from './process.js';

async function call(base: string, method: string, url: string, token?: string, body?: unknown) {
  const r = await fetch(base + url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  return { status: r.status, text, json: () => JSON.parse(text), headers: r.headers };
}

async function until<T>(fn: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the real server process, started as npm start does', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxdesk-e2e-'));
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts with a living world, serves the contract over HTTP, and restarts on its data', async () => {
    server = await startServer({ DATA_DIR: dataDir, SIM_RATE: '5', SIM_DELAY_MS: '50' });
    const password = /created with password: (\S+)/.exec(server.output())?.[1];
    expect(password, server.output()).toBeTruthy();

    const unauth = await call(server.url, 'GET', '/wechat_api/message/findLastMsgList?status=1');
    expect(unauth.status).toBe(401);
    expect(unauth.json()).toMatchObject({ code: 401 });

    const login = await call(server.url, 'POST', '/api/v1/auth/login', undefined, { username: 'admin', password });
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toContain('wxdesk_session=');
    const token = login.json().token as string;

    const accounts = (await call(server.url, 'GET', '/api/v1/accounts', token)).json();
    expect(accounts).toHaveLength(3);
    expect(accounts.every((a: { online: boolean }) => a.online)).toBe(true);

    // People write in on their own: conversations fill up without any injection.
    const list = await until(async () => {
      const r = (await call(server!.url, 'GET', '/wechat_api/message/findLastMsgList?status=1', token)).json();
      return r.data.lastMsgList.length >= 3 ? r : undefined;
    });
    expect(list.code).toBe(200);
    expect(list.msg).toBe('查询成功');
    const rooms = await until(async () => {
      const r = (await call(server!.url, 'GET', '/wechat_api/message/findLastMsgList?isRoom=0&page=1', token)).json();
      return Array.isArray(r) && r.length > 0 ? r : undefined;
    });
    expect(rooms[0].userName).toMatch(/@chatroom$/);

    // Avatars are served by wxdesk itself.
    const avatar = await fetch(server.url + list.data.lastMsgList[0].headImgUrl);
    expect(avatar.status).toBe(200);
    expect(avatar.headers.get('content-type')).toContain('image/svg+xml');

    // A reply sent through the desk is answered by the simulated person.
    const contactId = list.data.lastMsgList[0].wechatContactId as number;
    const sent = await call(server.url, 'POST', `/api/v1/conversations/${contactId}/messages`, token, {
      text: '您好，这边是客服',
      tokenId: 'e2e-1',
    });
    expect(sent.status).toBe(202);
    const history = await until(async () => {
      const h = (await call(server!.url, 'GET', `/api/v1/conversations/${contactId}/messages?limit=10`, token)).json();
      const mine = h.find((m: { tokenId: string | null }) => m.tokenId === 'e2e-1');
      return mine?.sendStatus === 1 && h[0].tokenId !== 'e2e-1' ? h : undefined;
    });
    expect(history.find((m: { tokenId: string | null }) => m.tokenId === 'e2e-1').msgId).toBeTruthy();

    expect(await server.stop()).toBe(0);

    server = await startServer({ DATA_DIR: dataDir, SIM_RATE: '0' });
    expect(server.output()).toContain('already exists');
    const again = await call(server.url, 'POST', '/api/v1/auth/login', undefined, { username: 'admin', password });
    const stored = (await call(server.url, 'GET', `/api/v1/conversations/${contactId}/messages?limit=50`, again.json().token)).json();
    expect(stored.some((m: { tokenId: string | null }) => m.tokenId === 'e2e-1')).toBe(true);
  }, 60_000);

  it('refuses to start on bad configuration, naming every bad variable', async () => {
    await expect(startServer({ DATA_DIR: dataDir, PORT: 'abc', SIM_RATE: '-1' })).rejects.toThrow(
      /PORT[\s\S]*SIM_RATE|SIM_RATE[\s\S]*PORT/,
    );
  });
});
