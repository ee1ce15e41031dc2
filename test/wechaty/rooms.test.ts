import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import { MsgType } from '../../src/core/message-types.js';
import { openEvents } from '../helpers/events.js';
import { addMockAccount, startWechatySystem, until, type MockAccount, type WechatySystem } from './harness.js';

describe('wechaty gateway (wechaty-puppet-mock): rooms and contacts', () => {
  let sys: WechatySystem;
  let a: MockAccount;
  const db = () => sys.running.store.db;
  const roomRow = () => db().selectFrom('contacts').selectAll().where('user_name', '=', a.room.id).executeTakeFirstOrThrow();
  const members = async () =>
    (
      await db()
        .selectFrom('room_members')
        .select('user_name')
        .where('room_id', '=', (await roomRow()).id)
        .execute()
    )
      .map((m) => m.user_name)
      .sort();
  const systemLines = async () =>
    (
      await db()
        .selectFrom('messages')
        .select('content')
        .where('from_user_name', '=', a.room.id)
        .where('msg_type', '=', MsgType.system)
        .orderBy('id')
        .execute()
    ).map((m) => m.content);

  beforeAll(async () => {
    sys = await startWechatySystem();
    a = await addMockAccount(sys);
    await until(async () => (await members()).length === 4, 'room synced');
  });
  afterAll(() => sys?.close());

  it('room join, leave and topic events update the room, its members, and write the system lines', async () => {
    const stream = await openEvents(sys.running.app!, sys.admin.token);
    const [alice, bob] = a.friends;
    const dave = a.mocker.createContact({ id: 'wxid_dave', name: '赵强' });

    a.room.add(dave).by(alice);
    await until(async () => (await members()).includes('wxid_dave'), 'dave joined');
    expect((await roomRow()).member_count).toBe(5);
    await stream.waitFor((e) => e.type === 'room.updated' && e.data.room.userName === a.room.id);

    a.room.remove(bob!).by(alice);
    await until(async () => !(await members()).includes(bob!.id), 'bob left');
    expect((await roomRow()).member_count).toBe(4);

    a.room.topic('VIP客户群').by(alice);
    await until(async () => (await roomRow()).nick_name === 'VIP客户群', 'topic changed');
    expect(await systemLines()).toEqual(['"张伟"邀请"赵强"加入了群聊', '"张伟"将"李娜"移出了群聊', '"张伟"修改群名为"VIP客户群"']);

    // Removed from the room: it is marked deleted.
    a.room.remove(a.self).by(alice);
    await until(async () => (await roomRow()).is_delete === 1, 'room marked deleted');
    stream.close();
  });

  it('room members and a member detail come from the puppet; none once the account has left the room', async () => {
    // The test before removed the account from the room: a member detail is refused before
    // the puppet is asked (409), and the stored members are still shown.
    const left = await roomRow();
    expect(left.is_delete).toBe(1);
    const refused = await sys.admin.get(`/api/v1/rooms/${left.id}/members/wxid_dave`);
    expect(refused.status, refused.raw).toBe(409);
    expect((await sys.admin.get(`/api/v1/rooms/${left.id}/members`)).status).toBe(200);
    // Invited back, the room is live again and the puppet answers.
    a.room.add(a.self).by(a.friends[0]!);
    await until(async () => (await roomRow()).is_delete === 0, 'room joined again');
    const room = await roomRow();
    const list = await sys.admin.get(`/api/v1/rooms/${room.id}/members`);
    expect(list.status, list.raw).toBe(200);
    const detail = await sys.admin.get(`/api/v1/rooms/${room.id}/members/wxid_dave`);
    expect(detail.status, detail.raw).toBe(200);
    expect(detail.body).toMatchObject({ userName: 'wxid_dave', nickName: '赵强', isFriend: true });
    const notMember = await sys.admin.get(`/api/v1/rooms/${room.id}/members/wxid_nobody`);
    expect(notMember.status).toBeGreaterThanOrEqual(400);
  });

  it('create room (a stub in the mock): tested at the puppet-call boundary', async () => {
    const b = await addMockAccount(sys);
    const roomCreate = vi.spyOn(b.puppet, 'roomCreate');
    const r = await sys.admin.post(`/api/v1/accounts/${b.uin}/rooms`, {
      topic: '新品体验群',
      members: [b.friends[0]!.id, b.friends[1]!.id],
    });
    expect(r.status, r.raw).toBe(202);
    await until(() => roomCreate.mock.calls.length > 0, 'roomCreate called');
    expect(roomCreate).toHaveBeenCalledWith([b.friends[0]!.id, b.friends[1]!.id], '新品体验群');
    // The mock answers 'mock_room_id'; wxdesk names rooms with @chatroom and stores it.
    const created = await until(
      () => db().selectFrom('contacts').selectAll().where('user_name', '=', 'mock_room_id@chatroom').executeTakeFirst(),
      'room stored',
    );
    expect(created).toMatchObject({ is_room: 1, nick_name: '新品体验群' });
  });

  it('announcement and quit (stubs in the mock): tested at the puppet-call boundary, stored when the puppet call succeeded', async () => {
    const b = await addMockAccount(sys);
    const roomId = (await db().selectFrom('contacts').select('id').where('user_name', '=', b.room.id).executeTakeFirstOrThrow()).id;
    const announce = vi.spyOn(b.puppet, 'roomAnnounce');
    const put = await sys.admin.request({
      method: 'PUT',
      url: `/api/v1/rooms/${roomId}/announcement`,
      payload: { content: '本群禁止发广告' },
    });
    expect(put.status, put.raw).toBe(202);
    await until(
      async () =>
        (await db().selectFrom('contacts').select('announcement').where('id', '=', roomId).executeTakeFirstOrThrow()).announcement ===
        '本群禁止发广告',
      'announcement stored',
    );
    expect(announce).toHaveBeenCalledWith(b.room.id, '本群禁止发广告');

    const quit = vi.spyOn(b.puppet, 'roomQuit');
    expect((await sys.admin.post(`/api/v1/rooms/${roomId}/quit`)).status).toBe(202);
    await until(
      async () =>
        (await db().selectFrom('contacts').select('is_delete').where('id', '=', roomId).executeTakeFirstOrThrow()).is_delete === 1,
      'room quit',
    );
    expect(quit).toHaveBeenCalledWith(b.room.id);
  });

  it('a failing puppet call is reported, never a silent success (announcement of the mock made to fail)', async () => {
    const b = await addMockAccount(sys);
    const roomId = (await db().selectFrom('contacts').select('id').where('user_name', '=', b.room.id).executeTakeFirstOrThrow()).id;
    vi.spyOn(b.puppet, 'roomAnnounce').mockRejectedValue(new Error('Wechaty Puppet Unsupported API Error.'));
    const err = await sys.running.services.commands
      .request({ kind: 'setAnnouncement', uin: b.uin, room: b.room.id, content: 'x' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'gateway.unsupported', status: 501, message: expect.stringContaining('当前网关不支持该操作') });
    expect(
      (await db().selectFrom('contacts').select('announcement').where('id', '=', roomId).executeTakeFirstOrThrow()).announcement,
    ).not.toBe('x');
  });

  it('friend requests (stubs in the mock): tested at the puppet-call boundary', async () => {
    const b = await addMockAccount(sys);
    const add = vi.spyOn(b.puppet, 'friendshipAdd');
    const roomId = (await db().selectFrom('contacts').select('id').where('user_name', '=', b.room.id).executeTakeFirstOrThrow()).id;
    const stranger = b.room.payload.memberIdList.find((id) => id.startsWith('wxid_stranger'))!;
    const r = await sys.admin.post(`/api/v1/rooms/${roomId}/members/${stranger}/friend-request`, { verify: '我是客服小王' });
    expect(r.status, r.raw).toBe(202);
    await until(() => add.mock.calls.length > 0, 'friendshipAdd called');
    expect(add).toHaveBeenCalledWith(stranger, { roomId: b.room.id, hello: '我是客服小王' });

    const searched = await sys.admin.post(`/api/v1/accounts/${b.uin}/friend-requests`, {
      userName: 'wxid_found',
      ticket: '',
      verify: '你好',
    });
    expect(searched.status, searched.raw).toBe(202);
    await until(() => add.mock.calls.length > 1, 'friendshipAdd called again');
    expect(add).toHaveBeenLastCalledWith('wxid_found', '你好');
  });

  it('user search (a stub in the mock): wxid and phone map to the puppet search at the call boundary; QQ is 501 当前网关不支持该操作', async () => {
    const b = await addMockAccount(sys);
    const weixin = vi.spyOn(b.puppet, 'friendshipSearchWeixin');
    const phone = vi.spyOn(b.puppet, 'friendshipSearchPhone').mockResolvedValueOnce(b.friends[2]!.id);
    const none = await sys.admin.get(`/api/v1/accounts/${b.uin}/search`, { q: 'nobody_here', type: 'wxid' });
    expect(none.status, none.raw).toBe(200);
    expect(none.body).toBeNull();
    expect(weixin).toHaveBeenCalledWith('nobody_here');
    const found = await sys.admin.get(`/api/v1/accounts/${b.uin}/search`, { q: '13800138000', type: 'phone' });
    expect(phone).toHaveBeenCalledWith('13800138000');
    expect(found.body).toMatchObject({ userName: b.friends[2]!.id, nickName: '王芳', ticket: '' });
    const qq = await sys.admin.get(`/api/v1/accounts/${b.uin}/search`, { q: '123456', type: 'qq' });
    expect(qq.status).toBe(501);
    expect(qq.body).toMatchObject({ code: 'gateway.unsupported', detail: expect.stringContaining('当前网关不支持该操作') });
  });

  it('saving a room to the address book is declared unsupported: 501, the puppet is never called', async () => {
    const err = await sys.running.services.commands
      .request({ kind: 'saveRoomToContacts', uin: a.uin, room: a.room.id, save: true })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'gateway.unsupported', status: 501 });
    expect(sys.gateway.capabilities.has('saveRoomToContacts')).toBe(false);
  });

  it('contact sync replays friends and rooms as a job with progress; a refresh re-reads one contact', async () => {
    const b = await addMockAccount(sys);
    const eve = b.mocker.createContact({ id: 'wxid_eve', name: '孙丽' });
    const sync = await sys.admin.post(`/api/v1/accounts/${b.uin}/sync`);
    expect(sync.status, sync.raw).toBe(202);
    const job = await until(async () => {
      const r = await sys.admin.get(`/api/v1/jobs/${sync.body.job.id}`);
      return r.body.status === 'done' ? r.body : undefined;
    }, 'sync job done');
    expect(job.total).toBeGreaterThanOrEqual(5);
    expect(job.done).toBe(job.total);
    const eveRow = await until(
      () => db().selectFrom('contacts').selectAll().where('user_name', '=', eve.id).executeTakeFirst(),
      'new friend synced',
    );

    eve.payload.name = '孙丽-VIP';
    expect((await sys.admin.post(`/api/v1/contacts/${eveRow.id}/refresh`)).status).toBe(202);
    await until(
      async () =>
        (await db().selectFrom('contacts').select('nick_name').where('id', '=', eveRow.id).executeTakeFirstOrThrow()).nick_name ===
        '孙丽-VIP',
      'contact refreshed',
    );
  });
});
