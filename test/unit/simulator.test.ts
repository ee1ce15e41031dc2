import { describe, expect, it } from 'vitest';
import { avatarSvg, AVATAR_KEY_PATTERN, SimulatorGateway, type SimulatorOptions } from '../../src/adapters/gateways/simulator/index.js';
import { ALL_COMMANDS, type GatewayEvent } from '../../src/ports/gateway.js';

const FIXED_NOW = 1_700_000_000_000;

type EventOf<T extends GatewayEvent['type']> = Extract<GatewayEvent, { type: T }>;

/** A started simulator with a fixed clock and every event it reports. */
async function startSim(overrides: Partial<SimulatorOptions> = {}) {
  const gateway = new SimulatorGateway({ seed: 7, accounts: 2, rate: 0, delayMs: 10, now: () => FIXED_NOW, ...overrides });
  const events: GatewayEvent[] = [];
  await gateway.start((e) => events.push(e));
  const of = <T extends GatewayEvent['type']>(type: T, uin?: string): EventOf<T>[] =>
    events.filter((e): e is EventOf<T> => e.type === type && (uin === undefined || !('uin' in e) || e.uin === uin));
  const login = (uin: string) => of('login').find((e) => e.account.uin === uin)!;
  const friends = (uin: string) => of('contact', uin)[0]!.contacts;
  const rooms = (uin: string) => of('room', uin).map((e) => e.room);
  const members = (uin: string, room: string) =>
    of('roomMembers', uin)
      .filter((e) => e.room === room)
      .at(-1)!.members;
  const uin = gateway.accountUins()[0]!;
  return { gateway, events, of, login, friends, rooms, members, uin };
}

async function waitFor(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const CHINESE_NAME = /^[\u4e00-\u9fa5]+(-[\u4e00-\u9fa5]+)?$/;
const keyOf = (url: string) => /^\/avatars\/([^/]+)\.svg$/.exec(url)?.[1] ?? '';

describe('simulator world', () => {
  it('same seed gives the same world and first events; another seed a different one', async () => {
    const a = await startSim({ seed: 42 });
    const b = await startSim({ seed: 42 });
    const c = await startSim({ seed: 43 });
    expect(a.events.length).toBeGreaterThan(10);
    expect(b.events).toEqual(a.events);
    expect(c.of('login').map((e) => e.account)).not.toEqual(a.of('login').map((e) => e.account));
    expect(c.friends(c.uin)).not.toEqual(a.friends(a.uin));
    await Promise.all([a.gateway.stop(), b.gateway.stop(), c.gateway.stop()]);
  });

  it('same seed gives the same inbound traffic', async () => {
    const firstMessages = async () => {
      const sim = await startSim({ seed: 5, accounts: 1, rate: 300 });
      await waitFor(() => sim.of('message').length >= 5);
      await sim.gateway.stop();
      return sim
        .of('message')
        .slice(0, 5)
        .map((e) => e.message);
    };
    const [x, y] = [await firstMessages(), await firstMessages()];
    expect(y).toEqual(x);
  });

  it('start logs in every account with friends, rooms and members', async () => {
    const sim = await startSim({ accounts: 3 });
    const uins = sim.gateway.accountUins();
    expect(uins).toHaveLength(3);
    expect(sim.of('login')).toHaveLength(3);
    for (const uin of uins) {
      const { account, gatewayNode } = sim.login(uin);
      expect(gatewayNode).toBe('sim-1');
      expect(uin).toMatch(/^[1-9]\d{9}$/);
      expect(account.userName).toMatch(/^wxid_[a-z0-9]{14}$/);
      expect(account.nickName).toMatch(/[\u4e00-\u9fa5]/);

      const friends = sim.friends(uin);
      expect(friends.length).toBeGreaterThanOrEqual(25);
      expect(friends.length).toBeLessThanOrEqual(40);
      const friendIds = new Set(friends.map((f) => f.userName));
      for (const f of friends) {
        expect(f.userName).toMatch(/^wxid_[a-z0-9]{14}$/);
        expect(f.nickName).toMatch(CHINESE_NAME);
        expect([1, 2]).toContain(f.sex);
        expect(f.province).toMatch(/^[\u4e00-\u9fa5]+$/);
        expect(keyOf(f.headImgUrl)).toMatch(AVATAR_KEY_PATTERN);
      }
      expect(friends.some((f) => f.remarkName)).toBe(true);

      const rooms = sim.rooms(uin);
      expect(rooms.length).toBeGreaterThanOrEqual(5);
      expect(rooms.length).toBeLessThanOrEqual(8);
      expect(sim.of('roomMembers', uin)).toHaveLength(rooms.length);
      let strangers = 0;
      for (const room of rooms) {
        expect(room.userName).toMatch(/^\d{11}@chatroom$/);
        expect(room.topic).toMatch(/[\u4e00-\u9fa5]/);
        expect(keyOf(room.headImgUrl)).toMatch(AVATAR_KEY_PATTERN);
        const members = sim.members(uin, room.userName);
        expect(members.length).toBe(room.memberCount);
        expect(members.length).toBeGreaterThanOrEqual(4);
        expect(members.length).toBeLessThanOrEqual(15);
        expect(members.map((m) => m.userName)).toContain(account.userName);
        expect(members.filter((m) => m.isOwner).map((m) => m.userName)).toEqual([room.ownerUserName]);
        strangers += members.filter((m) => m.userName !== account.userName && !friendIds.has(m.userName)).length;
      }
      expect(strangers).toBeGreaterThan(0);
    }
    expect(uins.some((uin) => sim.rooms(uin).some((r) => r.announcement))).toBe(true);
    await sim.gateway.stop();
  });

  it('uses avatarBase and nodeName options', async () => {
    const sim = await startSim({ avatarBase: '/static/av/', nodeName: 'gw-9' });
    expect(sim.login(sim.uin).gatewayNode).toBe('gw-9');
    expect(sim.login(sim.uin).account.headImgUrl).toMatch(/^\/static\/av\/wxid_[a-z0-9]{14}\.svg$/);
    await sim.gateway.stop();
  });

  it('stop() ends inbound traffic', async () => {
    const sim = await startSim({ rate: 50 });
    await waitFor(() => sim.of('message').length >= 3);
    await sim.gateway.stop();
    const count = sim.events.length;
    await sleep(200);
    expect(sim.events.length).toBe(count);
    await expect(sim.gateway.execute({ kind: 'roomMembers', uin: sim.uin, room: sim.rooms(sim.uin)[0]!.userName })).rejects.toThrow(
      /未启动/,
    );
  });

  it('inbound traffic reaches single chats and rooms with WeChat-like ids', async () => {
    const sim = await startSim({ accounts: 1, rate: 400 });
    await waitFor(() => sim.of('message').length >= 60);
    await sim.gateway.stop();
    const self = sim.login(sim.uin).account.userName;
    const messages = sim.of('message').map((e: Extract<GatewayEvent, { type: 'message' }>) => e.message);
    expect(new Set(messages.map((m) => m.msgId)).size).toBe(messages.length);
    for (const m of messages) {
      expect(m.msgId).toMatch(/^[1-9]\d{17,18}$/);
      expect(m.toUserName).toBe(self);
    }
    const inRooms = messages.filter((m) => m.fromUserName.endsWith('@chatroom') && m.msgType !== 10000);
    const single = messages.filter((m) => !m.fromUserName.endsWith('@chatroom'));
    expect(inRooms.length).toBeGreaterThan(0);
    expect(single.length).toBeGreaterThan(0);
    for (const m of single) expect(m.senderUserName).toBe(m.fromUserName);
    for (const m of inRooms) {
      const members = sim.members(sim.uin, m.fromUserName).map((x) => x.userName);
      expect(members).toContain(m.senderUserName);
      expect(m.senderUserName).not.toBe(self);
    }
    expect(messages.filter((m) => m.msgType === 1).every((m) => /[\u4e00-\u9fa5]/.test(m.content))).toBe(true);
    const image = messages.find((m) => m.msgType === 3);
    expect(image?.url).toMatch(/^\/avatars\/img-[0-9a-f]+\.svg$/);
  });
});

describe('avatarSvg', () => {
  it('is a deterministic, symmetric 5×5 identicon', () => {
    const svg = avatarSvg('wxid_abc123');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox="0 0 \d+ \d+">/);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(avatarSvg('wxid_abc123')).toBe(svg);
    expect(avatarSvg('wxid_abc124')).not.toBe(svg);
    expect(svg).toMatch(/fill="hsl\(\d+,\d+%,\d+%\)"/);

    const cells = [...svg.matchAll(/<rect x="(\d+)" y="(\d+)" width="20"/g)].map((m) => `${m[1]},${m[2]}`);
    expect(cells.length).toBeGreaterThan(0);
    const set = new Set(cells);
    for (const cell of cells) {
      const [x, y] = cell.split(',').map(Number) as [number, number];
      expect(set.has(`${10 + 80 - (x - 10)},${y}`)).toBe(true); // mirrored column
      expect(x).toBeLessThanOrEqual(90);
    }
  });

  it('never echoes its key', () => {
    expect(avatarSvg('"><script>alert(1)</script>')).not.toContain('script');
  });
});

describe('simulator commands', () => {
  it('inject emits a message from a friend or room member and rejects unknown senders', async () => {
    const sim = await startSim();
    const self = sim.login(sim.uin).account.userName;
    const friend = sim.friends(sim.uin)[0]!.userName;
    const msg = sim.gateway.inject({ uin: sim.uin, from: friend, text: '你好，想问下价格' });
    expect(msg).toMatchObject({ fromUserName: friend, toUserName: self, senderUserName: friend, msgType: 1, content: '你好，想问下价格' });
    expect(sim.of('message').at(-1)).toEqual({ type: 'message', uin: sim.uin, message: msg });

    const room = sim.rooms(sim.uin)[0]!.userName;
    const member = sim.members(sim.uin, room).find((m) => m.userName !== self)!.userName;
    const inRoom = sim.gateway.inject({ uin: sim.uin, from: member, room, text: '群里有人吗' });
    expect(inRoom).toMatchObject({ fromUserName: room, senderUserName: member, toUserName: self });

    const before = sim.events.length;
    const stranger = sim.gateway
      .directory()
      .find((p) => !sim.friends(sim.uin).some((f) => f.userName === p.userName) && p.userName !== self)!;
    expect(() => sim.gateway.inject({ uin: sim.uin, from: stranger.userName, text: 'x' })).toThrow(stranger.userName);
    expect(() => sim.gateway.inject({ uin: sim.uin, from: 'wxid_nobody', text: 'x' })).toThrow(/wxid_nobody/);
    expect(() => sim.gateway.inject({ uin: '1234', from: friend, text: 'x' })).toThrow(/1234/);
    expect(() => sim.gateway.inject({ uin: sim.uin, from: friend, room: '1@chatroom', text: 'x' })).toThrow(/1@chatroom/);
    const outsider = sim.friends(sim.uin).find((f) => !sim.members(sim.uin, room).some((m) => m.userName === f.userName))!;
    expect(() => sim.gateway.inject({ uin: sim.uin, from: outsider.userName, room, text: 'x' })).toThrow(/成员/);
    expect(sim.events.length).toBe(before);
    await sim.gateway.stop();
  });

  it('sendText returns a msgId, echoes the message and the friend replies after delayMs', async () => {
    const sim = await startSim({ delayMs: 30 });
    const self = sim.login(sim.uin).account.userName;
    const friend = sim.friends(sim.uin)[1]!.userName;
    const sent = await sim.gateway.execute({ kind: 'sendText', uin: sim.uin, to: friend, text: '您好，请问发货了吗', tokenId: 't-1' });
    expect(sent.msgId).toMatch(/^[1-9]\d{17,18}$/);
    expect(sent.createTime).toBe(FIXED_NOW);
    const echo = sim.of('message').at(-1)!.message;
    expect(echo).toMatchObject({ msgId: sent.msgId, fromUserName: self, toUserName: friend, tokenId: 't-1' });

    await sleep(10);
    expect(sim.of('message').filter((e) => e.message.fromUserName === friend)).toHaveLength(0);
    await waitFor(() => sim.of('message').some((e) => e.message.fromUserName === friend));
    const reply = sim.of('message').find((e) => e.message.fromUserName === friend)!.message;
    expect(reply).toMatchObject({ toUserName: self, senderUserName: friend, msgType: 1 });
    expect(reply.msgId).not.toBe(sent.msgId);
    expect(reply.content).toMatch(/[\u4e00-\u9fa5]/);

    await expect(sim.gateway.execute({ kind: 'sendText', uin: sim.uin, to: 'wxid_ghost', text: 'hi', tokenId: 't-2' })).rejects.toThrow(
      /wxid_ghost/,
    );
    await expect(sim.gateway.execute({ kind: 'sendText', uin: '999', to: friend, text: 'hi', tokenId: 't-3' })).rejects.toThrow(/999/);
    await sim.gateway.stop();
  });

  it('sendMedia to a room the account is in succeeds', async () => {
    const sim = await startSim();
    const room = sim.rooms(sim.uin)[0]!.userName;
    const media = {
      kind: 'sendMedia',
      uin: sim.uin,
      to: room,
      msgType: 3,
      url: '/media/a.png',
      fileName: 'a.png',
      fileSize: 10,
      tokenId: 'm1',
    } as const;
    const sent = await sim.gateway.execute(media);
    expect(sim.of('message').at(-1)!.message).toMatchObject({
      msgId: sent.msgId,
      msgType: 3,
      url: '/media/a.png',
      fromUserName: sim.login(sim.uin).account.userName,
    });
    await expect(sim.gateway.execute({ ...media, to: '123@chatroom' })).rejects.toThrow(/123@chatroom/);
    await sim.gateway.stop();
  });

  it('failNextSend fails exactly one send', async () => {
    const sim = await startSim();
    const friend = sim.friends(sim.uin)[0]!.userName;
    const send = (tokenId: string) => sim.gateway.execute({ kind: 'sendText', uin: sim.uin, to: friend, text: '在吗', tokenId });
    sim.gateway.injectFault({ uin: sim.uin, kind: 'failNextSend' });
    await expect(send('a')).rejects.toThrow('模拟发送失败');
    await expect(send('b')).resolves.toMatchObject({ msgId: expect.any(String) });
    await expect(send('c')).resolves.toMatchObject({ msgId: expect.any(String) });
    // The fault belongs to one account only.
    const other = sim.gateway.accountUins()[1]!;
    sim.gateway.injectFault({ uin: other, kind: 'failNextSend' });
    await expect(send('d')).resolves.toBeDefined();
    await sim.gateway.stop();
  });

  it('dropLogin logs the account out at once; login brings it back', async () => {
    const sim = await startSim();
    const friend = sim.friends(sim.uin)[0]!.userName;
    sim.gateway.injectFault({ uin: sim.uin, kind: 'dropLogin' });
    expect(sim.events.at(-1)).toMatchObject({ type: 'logout', uin: sim.uin });
    await expect(sim.gateway.execute({ kind: 'sendText', uin: sim.uin, to: friend, text: '在吗', tokenId: 'x' })).rejects.toThrow(/未登录/);
    const logins = sim.of('login').length;
    await expect(sim.gateway.execute({ kind: 'login', uin: sim.uin })).resolves.toEqual({ uin: sim.uin });
    expect(sim.of('login')).toHaveLength(logins + 1);
    expect(sim.events.at(-1)!.type).toBe('roomMembers');
    await sim.gateway.execute({ kind: 'logout', uin: sim.uin });
    expect(sim.events.at(-1)).toMatchObject({ type: 'logout', uin: sim.uin });
    await expect(sim.gateway.execute({ kind: 'login', uin: '42' })).rejects.toThrow(/42/);
    await sim.gateway.stop();
  });

  it('login without a uin shows a QR code, then logs in a new account after the delay', async () => {
    const sim = await startSim({ delayMs: 10 });
    const { uin } = await sim.gateway.execute({ kind: 'login' });
    expect(uin).toMatch(/^[1-9]\d{9}$/);
    expect(sim.gateway.accountUins()).toHaveLength(3);
    expect(sim.events.at(-1)).toMatchObject({ type: 'qr', qrUrl: expect.stringMatching(/^\/avatars\/qr-\d+\.svg$/) });
    await waitFor(() => sim.of('login').some((e) => e.account.uin === uin));
    expect(sim.friends(uin!).length).toBeGreaterThanOrEqual(25);
    expect(sim.rooms(uin!).length).toBeGreaterThanOrEqual(5);
    await sim.gateway.stop();
  });

  it('createRoom emits the room, its members and a system message', async () => {
    const sim = await startSim();
    const self = sim.login(sim.uin).account.userName;
    const [a, b] = sim.friends(sim.uin);
    const { room } = await sim.gateway.execute({
      kind: 'createRoom',
      uin: sim.uin,
      topic: '正宗测试群',
      members: [{ userName: a!.userName }, { userName: b!.userName }],
    });
    expect(room).toMatch(/^\d{11}@chatroom$/);
    const roomEvent = sim.of('room').at(-1)!.room;
    expect(roomEvent).toMatchObject({ userName: room, topic: '正宗测试群', ownerUserName: self, memberCount: 3 });
    expect(
      sim
        .members(sim.uin, room)
        .map((m) => m.userName)
        .sort(),
    ).toEqual([self, a!.userName, b!.userName].sort());
    const sys = sim.of('message').at(-1)!.message;
    expect(sys).toMatchObject({ fromUserName: room, msgType: 10000 });
    expect(sys.content).toBe(`你邀请"${a!.remarkName ?? a!.nickName}、${b!.remarkName ?? b!.nickName}"加入了群聊`);
    const { members } = await sim.gateway.execute({ kind: 'roomMembers', uin: sim.uin, room });
    expect(members).toHaveLength(3);
    await expect(
      sim.gateway.execute({ kind: 'createRoom', uin: sim.uin, topic: 'x', members: [{ userName: 'wxid_unknown' }] }),
    ).rejects.toThrow(/wxid_unknown/);
    await sim.gateway.stop();
  });

  it('setAnnouncement, saveRoomToContacts and quitRoom update the room', async () => {
    const sim = await startSim();
    const room = sim.rooms(sim.uin)[0]!.userName;
    await sim.gateway.execute({ kind: 'setAnnouncement', uin: sim.uin, room, content: '明天放假' });
    expect(sim.of('room').at(-1)!.room).toMatchObject({ userName: room, announcement: '明天放假' });
    expect(sim.of('message').at(-1)!.message).toMatchObject({ fromUserName: room, msgType: 10000 });
    await sim.gateway.execute({ kind: 'saveRoomToContacts', uin: sim.uin, room, save: true });
    expect(sim.of('room').at(-1)!.room.savedToContacts).toBe(true);
    await sim.gateway.execute({ kind: 'quitRoom', uin: sim.uin, room });
    expect(sim.of('room').at(-1)!.room).toMatchObject({ userName: room, isDelete: true });
    await expect(sim.gateway.execute({ kind: 'setAnnouncement', uin: sim.uin, room, content: 'x' })).rejects.toThrow(room);
    await expect(sim.gateway.execute({ kind: 'roomMembers', uin: sim.uin, room: '5@chatroom' })).rejects.toThrow('5@chatroom');
    await sim.gateway.stop();
  });

  it('memberDetail and addFriendFromRoom: a stranger accepts after the delay', async () => {
    const sim = await startSim({ delayMs: 10 });
    const self = sim.login(sim.uin).account.userName;
    const friendIds = new Set(sim.friends(sim.uin).map((f) => f.userName));
    const room = sim
      .rooms(sim.uin)
      .find((r) => sim.members(sim.uin, r.userName).some((m) => m.userName !== self && !friendIds.has(m.userName)))!;
    const stranger = sim.members(sim.uin, room.userName).find((m) => m.userName !== self && !friendIds.has(m.userName))!;
    const { detail } = await sim.gateway.execute({ kind: 'memberDetail', uin: sim.uin, room: room.userName, userName: stranger.userName });
    expect(detail).toMatchObject({ userName: stranger.userName, nickName: stranger.nickName, isFriend: false });

    await sim.gateway.execute({
      kind: 'addFriendFromRoom',
      uin: sim.uin,
      room: room.userName,
      userName: stranger.userName,
      verify: '你好',
    });
    await waitFor(() => sim.of('friendRequest').length > 0);
    expect(sim.of('friendRequest')[0]).toMatchObject({
      userName: stranger.userName,
      status: 'accepted',
      room: room.userName,
      verify: '你好',
    });
    await waitFor(() => sim.of('contact').some((e) => e.contacts.some((c) => c.userName === stranger.userName)));
    const after = await sim.gateway.execute({ kind: 'memberDetail', uin: sim.uin, room: room.userName, userName: stranger.userName });
    expect(after.detail.isFriend).toBe(true);
    await expect(
      sim.gateway.execute({ kind: 'addFriendFromRoom', uin: sim.uin, room: room.userName, userName: 'wxid_x', verify: '' }),
    ).rejects.toThrow(/wxid_x/);
    await sim.gateway.stop();
  });

  it('searchUser finds people by phone, wxid and QQ, and null otherwise', async () => {
    const sim = await startSim();
    const self = sim.login(sim.uin).account.userName;
    const friendIds = new Set(sim.friends(sim.uin).map((f) => f.userName));
    const person = sim.gateway.directory().find((p) => p.userName !== self && !friendIds.has(p.userName))!;
    expect(person.phone).toMatch(/^1[358]\d{9}$/);
    const search = (query: string, type: 'wxid' | 'phone' | 'qq') => sim.gateway.execute({ kind: 'searchUser', uin: sim.uin, query, type });
    for (const [query, type] of [
      [person.phone, 'phone'],
      [person.userName, 'wxid'],
      [person.qq, 'qq'],
    ] as const) {
      const { found } = await search(query, type);
      expect(found).toMatchObject({ userName: person.userName, nickName: person.nickName });
      expect(found!.ticket).toMatch(/^v4_/);
    }
    const aliased = sim.gateway.directory().find((p) => p.alias)!;
    expect((await search(aliased.alias!, 'wxid')).found?.userName).toBe(aliased.userName);
    expect((await search('13000000000', 'phone')).found).toBeNull();
    expect((await search(person.phone, 'qq')).found).toBeNull();
    expect((await search('wxid_nosuchperson', 'wxid')).found).toBeNull();
    await sim.gateway.stop();
  });

  it('refreshContact re-reports a friend and rejects strangers', async () => {
    const sim = await startSim();
    const friend = sim.friends(sim.uin)[3]!;
    await sim.gateway.execute({ kind: 'refreshContact', uin: sim.uin, userName: friend.userName });
    expect(sim.events.at(-1)).toEqual({ type: 'contact', uin: sim.uin, contacts: [friend] });
    await expect(sim.gateway.execute({ kind: 'refreshContact', uin: sim.uin, userName: 'wxid_zz' })).rejects.toThrow(/wxid_zz/);
    await sim.gateway.stop();
  });

  it('syncContacts reports friends in chunks and ends with a finished jobProgress', async () => {
    const sim = await startSim();
    const before = sim.events.length;
    const result = await sim.gateway.execute({ kind: 'syncContacts', uin: sim.uin, jobId: 9 });
    expect(result).toEqual({ friends: sim.friends(sim.uin).length, rooms: sim.rooms(sim.uin).length });
    expect(sim.events.length).toBe(before); // nothing yet: the job runs asynchronously
    await waitFor(() => sim.of('jobProgress').some((e) => e.finished));
    const progress = sim.of('jobProgress', sim.uin);
    const last = progress.at(-1)!;
    expect(last).toMatchObject({ jobId: 9, finished: true, done: result.friends + result.rooms, total: result.friends + result.rooms });
    expect(progress.slice(0, -1).every((p) => !p.finished)).toBe(true);
    const synced = sim.events.slice(before).filter((e) => e.type === 'contact');
    expect(synced.every((e) => e.type === 'contact' && e.contacts.length <= 10)).toBe(true);
    expect(synced.flatMap((e) => (e.type === 'contact' ? e.contacts : []))).toEqual(sim.friends(sim.uin));
    await sim.gateway.stop();
  });

  it('declares every command and names an unknown uin', async () => {
    const sim = await startSim();
    expect([...sim.gateway.capabilities].sort()).toEqual([...ALL_COMMANDS].sort());
    await expect(sim.gateway.execute({ kind: 'syncContacts', uin: '77', jobId: 1 })).rejects.toThrow(/uin=77/);
    await sim.gateway.stop();
  });
});
