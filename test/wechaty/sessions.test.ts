import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createWechatyGateway, loadWechaty, WechatyGateway } from '../../src/adapters/gateways/wechaty/index.js';
import type { GatewayEvent } from '../../src/ports/gateway.js';
import type { GatewaySession, GatewaySessionStore } from '../../src/ports/gateway-sessions.js';
import { accountRow, addMockAccount, startWechatySystem, until, type MockPuppet, type WechatySystem } from './harness.js';

const cleanups: (() => void)[] = [];

/** The gateway alone, with a map for a store and short timings, to watch heartbeats and restarts. */
async function bareGateway(timing: { heartbeatMs: number; dongTimeoutMs: number; backoffBaseMs: number; backoffMaxMs: number }) {
  const kept = new Map<string, GatewaySession>();
  const store: GatewaySessionStore = {
    list: async (gateway) => [...kept.values()].filter((s) => s.gateway === gateway),
    get: async (key) => kept.get(key),
    save: async (s) => void kept.set(s.key, { ...s, updatedAt: Date.now() }),
    remove: async (key) => void kept.delete(key),
  };
  const logs: { msg: string; obj: Record<string, unknown> }[] = [];
  const log = {
    info: (obj: object, msg: string) => logs.push({ msg, obj: obj as Record<string, unknown> }),
    warn: () => {},
    error: () => {},
  };
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxdesk-wechaty-media-'));
  cleanups.push(() => fs.rmSync(mediaDir, { recursive: true, force: true }));
  const gateway = await createWechatyGateway({
    puppet: 'wechaty-puppet-mock',
    store,
    mediaDir,
    nodeName: 'wechaty-test',
    log,
    timing,
  });
  const events: GatewayEvent[] = [];
  await gateway.start((e) => events.push(e));
  await gateway.execute({ kind: 'login' });
  const session = gateway.sessionList()[0]!;
  const puppet = session.puppet as unknown as MockPuppet;
  const self = puppet.mocker.createContact({ id: 'wxid_beat', name: '心跳账号' });
  puppet.mocker.login(self);
  await until(() => events.find((e) => e.type === 'login'), 'login');
  return { gateway, puppet, self, events, logs, kept, state: () => gateway.sessionList()[0]! };
}

describe('wechaty gateway (wechaty-puppet-mock): dead sessions and login memory', () => {
  let gateway: WechatyGateway | undefined;
  let sys: WechatySystem | undefined;
  afterEach(async () => {
    await gateway?.stop();
    await sys?.close();
    gateway = undefined;
    sys = undefined;
    for (const c of cleanups.splice(0)) c();
  });

  it('an online session that stops answering the heartbeat is logged out and restarted with exponential backoff, until it logs in again', async () => {
    const g = await bareGateway({ heartbeatMs: 50, dongTimeoutMs: 100, backoffBaseMs: 40, backoffMaxMs: 1000 });
    gateway = g.gateway;
    // The mock answers ding with dong after a second; answer at once while healthy.
    g.puppet.ding = (data?: string) => setImmediate(() => g.puppet.emit('dong', { data }));
    await new Promise((r) => setTimeout(r, 200));
    expect(g.state().state).toBe('online');
    expect(g.events.filter((e) => e.type === 'logout')).toEqual([]);
    expect(g.logs.filter((l) => l.msg === 'wechaty session restart scheduled')).toEqual([]); // the puppet started fine

    g.puppet.ding = () => {}; // "online" but dead: no answer any more
    const logout = await until(() => g.events.find((e) => e.type === 'logout'), 'logout after missed heartbeat', 3000);
    expect(logout).toMatchObject({ type: 'logout', reason: '心跳超时，正在重新连接' });
    await until(() => g.state().starts >= 3, 'restarted twice', 3000);
    const delays = g.logs.filter((l) => l.msg === 'wechaty session restart scheduled').map((l) => l.obj.delay);
    expect(delays.slice(0, 3)).toEqual([40, 80, 160]);

    // The phone comes back: online again, and the backoff starts over.
    g.puppet.mocker.login(g.self);
    await until(() => g.events.filter((e) => e.type === 'login').length === 2, 'second login');
    expect(g.state().state).toBe('online');
    expect(g.events.filter((e) => e.type === 'logout')).toHaveLength(1); // the restarts did not log out again
  });

  it('a puppet error while online triggers an immediate check', async () => {
    const g = await bareGateway({ heartbeatMs: 60_000, dongTimeoutMs: 100, backoffBaseMs: 60_000, backoffMaxMs: 60_000 });
    gateway = g.gateway;
    g.puppet.ding = () => {};
    g.puppet.emit('error', { gerror: 'connection reset' });
    const logout = await until(() => g.events.find((e) => e.type === 'logout'), 'logout after error', 2000);
    expect(logout).toMatchObject({ reason: '心跳超时，正在重新连接' });
    expect(g.state().state).toBe('offline');
  });

  it('token puppets: one token per account, refused without one or when all are taken (mock puppet standing in for padlocal)', async () => {
    const modules = { ...(await loadWechaty('wechaty-puppet-mock')), puppetName: 'wechaty-puppet-padlocal' };
    const store: GatewaySessionStore = { list: async () => [], get: async () => undefined, save: async () => {}, remove: async () => {} };
    const base = { modules, store, mediaDir: os.tmpdir(), nodeName: 'n', log: { info: () => {}, warn: () => {}, error: () => {} } };
    expect(() => new WechatyGateway({ ...base, tokens: [''] })).toThrow(
      'WECHATY_PUPPET_TOKEN: wechaty-puppet-padlocal needs a token, one per WeChat account',
    );
    gateway = new WechatyGateway({ ...base, tokens: ['puppet_padlocal_a'] });
    await gateway.start(() => {});
    await gateway.execute({ kind: 'login' });
    await expect(gateway.execute({ kind: 'login' })).rejects.toThrow('WECHATY_PUPPET_TOKEN 中的 1 个 token 都已被账号占用');
    expect(gateway.capabilities.has('setAnnouncement')).toBe(true);
    expect(gateway.capabilities.has('saveRoomToContacts')).toBe(false);
  });

  it("the puppet's login memory is kept in the store and handed back to the puppet when wxdesk starts again", async () => {
    sys = await startWechatySystem();
    const dataDir = sys.dataDir;
    const a = await addMockAccount(sys);
    // What a real puppet keeps to log in again (wechat4u: its web session; padlocal: its device data).
    await a.puppet.memory.set('session', { cookie: 'abc', device: 'ipad-1' });
    await a.puppet.memory.save();
    const row = await sys.running.store.db
      .selectFrom('gateway_sessions')
      .selectAll()
      .where('account_key', '=', a.uin)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ gateway: 'wechaty', puppet: 'wechaty-puppet-mock', enabled: 1 });
    expect(JSON.parse(row.memory)).toEqual({ '\rpuppet\nsession': { cookie: 'abc', device: 'ipad-1' } });
    await sys.running.stop();
    sys = undefined;

    sys = await startWechatySystem({ dataDir });
    await sys.settle();
    expect((await accountRow(sys, a.uin))?.status).toBe(0); // offline until the puppet logs in
    const restored = await until(() => sys!.gateway.sessionList().find((s) => s.uin === a.uin), 'session restored at start');
    const puppet = restored.puppet as unknown as MockPuppet;
    expect(await puppet.memory.get('session')).toEqual({ cookie: 'abc', device: 'ipad-1' });
    // The mock cannot log in by itself; a puppet that can reports login, as here.
    puppet.mocker.login(puppet.mocker.createContact({ id: a.self.id, name: a.self.payload.name }));
    await until(async () => (await accountRow(sys!, a.uin))?.status === 1, 'logged in again without a new account');
    expect((await sys.running.store.db.selectFrom('accounts').select('id').execute()).length).toBe(1);
  });
});
