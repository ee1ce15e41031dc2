import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uinOf } from '../../src/adapters/gateways/wechaty/index.js';
import { openEvents } from '../helpers/events.js';
import { accountRow, addMockAccount, startWechatySystem, until, type MockPuppet, type WechatySystem } from './harness.js';

describe('wechaty gateway (wechaty-puppet-mock): account lifecycle', () => {
  let sys: WechatySystem;
  beforeAll(async () => {
    sys = await startWechatySystem();
  });
  afterAll(() => sys?.close());

  it('add account → QR code pushed to administrators → scan → online with uin, wxid, nickname and avatar → contacts and rooms synced', async () => {
    const stream = await openEvents(sys.running.app!, sys.admin.token);
    const agent = await sys.admin.agent('qr-agent', []);
    const agentStream = await openEvents(sys.running.app!, agent.token);

    const a = await addMockAccount(sys);
    const qr = await stream.waitFor((e) => e.type === 'account.qr');
    if (qr.type !== 'account.qr') throw new Error('unexpected');
    expect(qr.data.uin).toBeNull(); // before the scan the account is not known yet
    expect(qr.data.qrUrl).toMatch(/^data:image\/png;base64,/);
    await stream.waitFor((e) => e.type === 'account.updated' && e.data.uin === a.uin && e.data.account.online);
    expect(agentStream.frames.filter((f) => f.type === 'account.qr')).toEqual([]); // administrators only

    expect(a.uin).toBe(uinOf(a.self.id));
    const row = await accountRow(sys, a.uin);
    expect(row).toMatchObject({
      user_name: a.self.id,
      nick_name: a.self.payload.name,
      head_img_url: expect.stringMatching(/^https:\/\/wx\.qlogo\.cn\//),
      status: 1,
      gateway_node: 'wechaty-1',
    });

    // The address book follows the login: friends (not the stranger), the room and its members.
    const contacts = await until(async () => {
      const r = await sys.admin.get(`/api/v1/accounts/${a.uin}/contacts`);
      return r.body.length === 3 ? r.body : undefined;
    }, 'friends synced');
    expect(contacts.map((c: { userName: string }) => c.userName).sort()).toEqual(a.friends.map((f) => f.id).sort());
    expect(contacts.find((c: { userName: string }) => c.userName === a.friends[0]!.id)).toMatchObject({
      nickName: '张伟',
      remarkName: '张总-上海客户',
    });
    const room = await until(
      async () => (await sys.admin.get(`/api/v1/accounts/${a.uin}/contacts`, { type: 'room' })).body[0],
      'room synced',
    );
    expect(room).toMatchObject({ userName: a.room.id, nickName: '产品交流群', isRoom: true });
    await until(async () => {
      const members = await sys.running.store.db
        .selectFrom('room_members')
        .select(['user_name', 'is_owner'])
        .where('room_id', '=', room.id)
        .execute();
      return members.length === 4 && members.some((m) => m.user_name === a.friends[0]!.id && m.is_owner === 1);
    }, 'room members synced');
    stream.close();
    agentStream.close();
  });

  it('a logout from the phone, then a new login, update the account state', async () => {
    const a = await addMockAccount(sys);
    await sys.settle(); // the first login's events are out before the stream opens
    const stream = await openEvents(sys.running.app!, sys.admin.token);
    await a.puppet.logout('手机端退出登录');
    await stream.waitFor((e) => e.type === 'account.updated' && e.data.uin === a.uin && !e.data.account.online);
    expect((await accountRow(sys, a.uin))?.status).toBe(0);
    const seen = stream.frames.length;

    // The phone scans again: the same account, same uin, online again.
    a.mocker.scan('https://login.weixin.qq.com/l/again', 2);
    const qr = await stream.waitFor((e) => e.type === 'account.qr' && e.data.uin === a.uin);
    expect(qr.data).toMatchObject({ uin: a.uin });
    a.mocker.login(a.self);
    await until(
      () => stream.frames.slice(seen).some((f) => f.type === 'account.updated' && f.data.uin === a.uin && f.data.account.online),
      'online pushed',
    );
    expect((await accountRow(sys, a.uin))?.status).toBe(1);
    stream.close();
  });

  it("an administrator's logout takes the account offline for good; logging it in again shows a QR code", async () => {
    const a = await addMockAccount(sys);
    const out = await sys.admin.post(`/api/v1/accounts/${a.uin}/logout`);
    expect(out.status, out.raw).toBe(202);
    await until(async () => (await accountRow(sys, a.uin))?.status === 0, 'offline');
    expect(a.puppet.isLoggedIn).toBe(false);
    expect(sys.gateway.sessionList().find((s) => s.uin === a.uin)).toBeUndefined(); // its bot is gone
    const kept = await sys.running.store.db
      .selectFrom('gateway_sessions')
      .selectAll()
      .where('account_key', '=', a.uin)
      .executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ gateway: 'wechaty', puppet: 'wechaty-puppet-mock', enabled: 0 });

    // Logging in again starts a new bot from the kept login: the mock has no login memory, so a QR code.
    const stream = await openEvents(sys.running.app!, sys.admin.token);
    const again = await sys.admin.post(`/api/v1/accounts/${a.uin}/login`);
    expect(again.status, again.raw).toBe(202);
    const session = sys.gateway.sessionList().find((s) => s.uin === a.uin);
    expect(session?.state).toBe('starting');
    const { mocker } = session!.puppet as unknown as MockPuppet;
    const self = mocker.createContact({ id: a.self.id, name: a.self.payload.name });
    mocker.scan('https://login.weixin.qq.com/l/relogin', 2);
    await stream.waitFor((e) => e.type === 'account.qr' && e.data.uin === a.uin);
    mocker.login(self);
    await until(async () => (await accountRow(sys, a.uin))?.status === 1, 'online again');
    expect(
      (
        await sys.running.store.db
          .selectFrom('gateway_sessions')
          .select('enabled')
          .where('account_key', '=', a.uin)
          .executeTakeFirstOrThrow()
      ).enabled,
    ).toBe(1);
    stream.close();
  });

  it('agents cannot add, log in or log out accounts', async () => {
    const a = await addMockAccount(sys);
    const agent = await sys.admin.agent('lifecycle-agent', [a.uin]);
    expect((await agent.post('/api/v1/accounts', {})).status).toBe(403);
    expect((await agent.post(`/api/v1/accounts/${a.uin}/logout`)).status).toBe(403);
    expect((await agent.post(`/api/v1/accounts/${a.uin}/login`)).status).toBe(403);
    expect((await sys.admin.post('/api/v1/accounts/9999999999/login')).status).toBe(404);
  });
});
