import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PuppetMessageType as T } from '../../src/adapters/gateways/wechaty/types.js';
import { MsgType } from '../../src/core/message-types.js';
import { openEvents } from '../helpers/events.js';
import {
  addMockAccount,
  fileBox,
  PNG_1PX,
  startWechatySystem,
  until,
  type MockAccount,
  type MockMessage,
  type WechatySystem,
} from './harness.js';

describe('wechaty gateway (wechaty-puppet-mock): messages both ways', () => {
  let sys: WechatySystem;
  let a: MockAccount;
  const db = () => sys.running.store.db;
  const contactId = async (userName: string) =>
    (await db().selectFrom('contacts').select('id').where('user_name', '=', userName).executeTakeFirstOrThrow()).id;
  const messageOf = (content: string) => db().selectFrom('messages').selectAll().where('content', '=', content).executeTakeFirst();

  beforeAll(async () => {
    sys = await startWechatySystem();
    a = await addMockAccount(sys);
  });
  afterAll(() => sys?.close());

  it('an inbound direct message and a room message reach the store and the event stream', async () => {
    const stream = await openEvents(sys.running.app!, sys.admin.token);
    const [alice, bob] = a.friends;
    alice!.say('你好，在吗？').to(a.self);
    const direct = await stream.waitFor((e) => e.type === 'message.new' && e.data.message.content === '你好，在吗？');
    if (direct.type !== 'message.new') throw new Error('unexpected');
    expect(direct.data.uin).toBe(a.uin);
    expect(direct.data.conversation).toMatchObject({ unread: 1, contact: { userName: alice!.id } });
    expect(await messageOf('你好，在吗？')).toMatchObject({
      msg_type: MsgType.text,
      from_user_name: alice!.id,
      to_user_name: a.self.id,
      is_out: 0,
      send_status: 1,
    });

    bob!.say('群里有人吗').to(a.room);
    const inRoom = await stream.waitFor((e) => e.type === 'message.new' && e.data.message.content === '群里有人吗');
    if (inRoom.type !== 'message.new') throw new Error('unexpected');
    expect(inRoom.data.conversation?.contact).toMatchObject({ userName: a.room.id, isRoom: true });
    expect(await messageOf('群里有人吗')).toMatchObject({ from_user_name: a.room.id, sender_user_name: bob!.id, to_user_name: a.self.id });

    // The same WeChat message delivered twice is stored once.
    a.puppet.emit('message', { messageId: (await messageOf('群里有人吗'))!.msg_id });
    await new Promise((r) => setTimeout(r, 100));
    await sys.settle();
    expect((await db().selectFrom('messages').select('id').where('content', '=', '群里有人吗').execute()).length).toBe(1);
    stream.close();
  });

  it('a send from the API reaches the mocked contact and the room, and gets its WeChat id', async () => {
    const [alice] = a.friends;
    const heard: MockMessage[] = [];
    alice!.on('message', (m) => heard.push(m));
    a.room.on('message', (m) => heard.push(m));
    const stream = await openEvents(sys.running.app!, sys.admin.token);

    const sent = await sys.admin.post(`/api/v1/conversations/${await contactId(alice!.id)}/messages`, {
      text: '您好，报价发您了',
      tokenId: 'wy-1',
    });
    expect(sent.status, sent.raw).toBe(202);
    expect(sent.body.sendStatus).toBe(0);
    const updated = await stream.waitFor((e) => e.type === 'message.updated' && e.data.message.tokenId === 'wy-1');
    if (updated.type !== 'message.updated') throw new Error('unexpected');
    const spoken = heard.find((m) => m.text() === '您好，报价发您了');
    expect(spoken?.talker().id).toBe(a.self.id);
    expect(updated.data.message).toMatchObject({ sendStatus: 1, msgId: spoken!.id });

    const toRoom = await sys.admin.post(`/api/v1/conversations/${await contactId(a.room.id)}/messages`, {
      text: '@所有人 今晚八点直播',
      tokenId: 'wy-2',
    });
    expect(toRoom.status).toBe(202);
    await until(() => heard.find((m) => m.text() === '@所有人 今晚八点直播' && m.room()?.id === a.room.id), 'room heard the message');
    await until(
      async () => (await db().selectFrom('messages').selectAll().where('token_id', '=', 'wy-2').executeTakeFirst())?.send_status === 1,
      'room send marked sent',
    );
    await sys.settle();
    // The echo of a desk send completes the desk's row; it is not stored a second time.
    expect(
      (await db().selectFrom('messages').select('id').where('content', 'in', ['您好，报价发您了', '@所有人 今晚八点直播']).execute())
        .length,
    ).toBe(2);
    stream.close();
  });

  it('an image sent from the desk reaches the mocked contact as an image, and gets its WeChat id', async () => {
    const [alice] = a.friends;
    const heard: MockMessage[] = [];
    alice!.on('message', (m) => heard.push(m));
    const form = new FormData();
    form.append('tokenId', 'wy-img');
    form.append('file', new Blob([PNG_1PX], { type: 'image/png' }), '报价单.png');
    const r = await sys.admin.request({
      method: 'POST',
      url: `/api/v1/conversations/${await contactId(alice!.id)}/images`,
      payload: form as never,
    });
    expect(r.status, r.raw).toBe(202);
    const row = await until(async () => {
      const m = await db().selectFrom('messages').selectAll().where('token_id', '=', 'wy-img').executeTakeFirst();
      return m?.send_status === 1 ? m : undefined;
    }, 'image marked sent');
    const got = heard.find((m) => m.type() === T.Image);
    expect(got?.talker().id).toBe(a.self.id);
    expect(row).toMatchObject({ msg_id: got!.id, msg_type: MsgType.image, url: r.body.url });
  });

  it('a keyword in a room message is a hit, pushed on the event stream', async () => {
    const stream = await openEvents(sys.running.app!, sys.admin.token);
    expect((await sys.admin.post('/api/v1/keywords', { keyword: '返现' })).status).toBeLessThan(300);
    await sys.settle();
    const [, bob] = a.friends;
    bob!.say('加群返现五十元').to(a.room);
    const hit = await stream.waitFor((e) => e.type === 'keyword.hit');
    if (hit.type !== 'keyword.hit') throw new Error('unexpected');
    expect(hit.data.hit).toMatchObject({
      keyword: '返现',
      uin: a.uin,
      room: { userName: a.room.id },
      sender: bob!.id,
      content: '加群返现五十元',
    });
    const hits = await sys.admin.get('/api/v1/keywords/hits');
    expect(hits.body[0]).toMatchObject({ keyword: '返现', uin: a.uin });
    stream.close();
  });

  it('an inbound image is saved under DATA_DIR/media and served at /media/<file>', async () => {
    const FileBox = await fileBox();
    const [, , carol] = a.friends;
    carol!.say(FileBox.fromBase64(PNG_1PX.toString('base64'), 'photo.png')).to(a.self);
    const row = await until(
      async () =>
        db()
          .selectFrom('messages')
          .selectAll()
          .where('from_user_name', '=', carol!.id)
          .where('msg_type', '=', MsgType.image)
          .executeTakeFirst(),
      'image stored',
    );
    expect(row).toMatchObject({ content: '[图片]', url: expect.stringMatching(/^\/media\/[0-9a-f]{32}\.png$/) });
    expect(fs.existsSync(path.join(sys.dataDir, 'media', row.url!.slice('/media/'.length)))).toBe(true);
    // Served to whoever may see the conversation: here the administrator, by its bearer token.
    const served = await sys.running.app!.inject({ method: 'GET', url: row.url!, headers: { authorization: `Bearer ${sys.admin.token}` } });
    expect(served.statusCode).toBe(200);
    expect(Number(served.headers['content-length'])).toBe(row.file_size);
  });

  it('every Wechaty message type is stored with its WeChat msgType', async () => {
    const [alice] = a.friends;
    const cases: [number, number, string | RegExp][] = [
      [T.Url, MsgType.app, /^\[链接\]mock title for /],
      [T.MiniProgram, MsgType.app, /^\[小程序\]mock title for /],
      [T.Location, MsgType.location, /^\[位置\]东升乡人民政府/],
      [T.Contact, MsgType.card, '[名片]'],
      [T.Emoticon, MsgType.emoji, '[动画表情]'],
      [T.Audio, MsgType.voice, '[语音]'],
      [T.ChatHistory, MsgType.app, '[聊天记录]'],
      [T.Transfer, MsgType.app, '[转账]'],
      [T.RedEnvelope, MsgType.app, '[红包]'],
      [T.Recalled, MsgType.recall, '"张伟" 撤回了一条消息'],
      [T.Unknown, MsgType.system, '你已添加了张伟，现在可以开始聊天了。'],
    ];
    for (const [i, [type, , text]] of cases.entries()) {
      // A message of the Mocker, announced as the puppet announces what WeChat delivers.
      const { id } = a.mocker.MessageMock.create({
        id: `typed-${i}`,
        talkerId: alice!.id,
        listenerId: a.self.id,
        type,
        timestamp: Date.now(),
        ...(typeof text === 'string' ? { text } : {}),
      });
      a.puppet.emit('message', { messageId: id });
    }
    const rows = await until(async () => {
      const r = await db().selectFrom('messages').select(['msg_id', 'msg_type', 'content']).where('msg_id', 'like', 'typed-%').execute();
      return r.length === cases.length ? r : undefined;
    }, 'typed messages stored');
    for (const [i, [, msgType, content]] of cases.entries()) {
      const row = rows.find((r) => r.msg_id === `typed-${i}`);
      expect(row?.msg_type, `case ${i}`).toBe(msgType);
      if (typeof content === 'string') expect(row?.content).toBe(content);
      else expect(row?.content).toMatch(content);
    }
  });
});
