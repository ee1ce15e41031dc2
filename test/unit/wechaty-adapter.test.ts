import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { capabilitiesOf, isPuppetUnsupported, puppetCall } from '../../src/adapters/gateways/wechaty/capabilities.js';
import { installCommand, loadWechaty, PACKAGES, WechatyMissingError } from '../../src/adapters/gateways/wechaty/load.js';
import { MESSAGE_TYPES, msgTypeOf } from '../../src/adapters/gateways/wechaty/messages.js';
import { RoomIds, uinOf } from '../../src/adapters/gateways/wechaty/profiles.js';
import { PendingSends } from '../../src/adapters/gateways/wechaty/sends.js';
import { PuppetMessageType as T } from '../../src/adapters/gateways/wechaty/types.js';
import { MsgType } from '../../src/core/message-types.js';
import { ALL_COMMANDS, GatewayUnsupportedError } from '../../src/ports/gateway.js';

// Pure parts of the Wechaty adapter; they run in `npm test`, where Wechaty is not installed.
const root = path.resolve(import.meta.dirname, '../..');

describe('wechaty adapter: kept out of the default install', () => {
  it('package.json and package-lock.json hold no Wechaty package, so npm ci never installs one', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    const declared = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies });
    const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    const optional = [...Object.keys(PACKAGES.core), ...Object.keys(PACKAGES.puppets), 'wechaty-puppet', 'wechaty-grpc'];
    for (const name of optional) {
      expect(declared).not.toContain(name);
      expect(Object.keys(lock.packages).filter((k) => k === `node_modules/${name}` || k.endsWith(`/node_modules/${name}`))).toEqual([]);
    }
    expect(pkg.scripts?.['install:wechaty']).toBeTruthy();
  });

  it('a missing package fails with the exact npm command that installs the tested versions', async () => {
    const err = await loadWechaty('wechaty-puppet-not-installed').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatyMissingError);
    const text = (err as Error).message;
    expect(text).toContain(installCommand('wechaty-puppet-not-installed'));
    expect(text).toContain(`wechaty@${PACKAGES.core.wechaty}`);
    expect(text).toContain('--no-save');
    expect(installCommand('wechaty-puppet-padlocal')).toBe(
      `npm install --no-save --ignore-scripts wechaty@${PACKAGES.core.wechaty} memory-card@${PACKAGES.core['memory-card']} file-box@${PACKAGES.core['file-box']} wechaty-puppet-padlocal@${PACKAGES.puppets['wechaty-puppet-padlocal']}`,
    );
  });

  it('WECHATY_PUPPET must be a package name, never a path to import', async () => {
    for (const bad of ['../secrets', '/etc/passwd', 'file:///x.js', 'Wechaty Puppet']) {
      await expect(loadWechaty(bad)).rejects.toThrow(/not an npm package name/);
    }
  });
});

describe('wechaty adapter: capabilities', () => {
  it('declares what each puppet can do; saving a room to the address book never', () => {
    for (const p of ['wechaty-puppet-padlocal', 'wechaty-puppet-service', 'wechaty-puppet-mock', 'some-other-puppet']) {
      const caps = capabilitiesOf(p);
      expect(caps.has('saveRoomToContacts')).toBe(false);
      expect([...caps].sort()).toEqual(ALL_COMMANDS.filter((k) => k !== 'saveRoomToContacts').sort());
    }
    const web = capabilitiesOf('wechaty-puppet-wechat4u');
    for (const k of ['setAnnouncement', 'quitRoom', 'addFriendFromRoom', 'addFriend', 'searchUser', 'saveRoomToContacts'] as const)
      expect(web.has(k)).toBe(false);
    for (const k of [
      'login',
      'logout',
      'sendText',
      'sendMedia',
      'createRoom',
      'roomMembers',
      'memberDetail',
      'refreshContact',
      'syncContacts',
    ] as const)
      expect(web.has(k)).toBe(true);
  });

  it("turns a puppet's Unsupported API error into gateway.unsupported, and leaves other errors alone", async () => {
    const unsupported = new Error(
      'Wechaty Puppet Unsupported API Error. Learn More At https://github.com/wechaty/wechaty-puppet/wiki/Compatibility',
    );
    expect(isPuppetUnsupported(unsupported)).toBe(true);
    const err = await puppetCall('wechaty', 'quitRoom', () => Promise.reject(unsupported)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayUnsupportedError);
    expect((err as Error).message).toMatch(/^quitRoom is not supported by the wechaty gateway: Wechaty Puppet Unsupported API/);
    await expect(puppetCall('wechaty', 'sendText', () => Promise.reject(new Error('network down')))).rejects.toThrow('network down');
  });
});

describe('wechaty adapter: mapping', () => {
  it('maps every Wechaty message type to its WeChat msgType', () => {
    const expected: Record<number, number> = {
      [T.Text]: MsgType.text, // 1
      [T.Image]: MsgType.image, // 3
      [T.Audio]: MsgType.voice, // 34
      [T.Contact]: MsgType.card, // 42
      [T.Video]: MsgType.video, // 43
      [T.Emoticon]: MsgType.emoji, // 47
      [T.Location]: MsgType.location, // 48
      [T.Attachment]: MsgType.app, // 49: file
      [T.Url]: MsgType.app, // link
      [T.MiniProgram]: MsgType.app,
      [T.ChatHistory]: MsgType.app,
      [T.GroupNote]: MsgType.app,
      [T.Transfer]: MsgType.app,
      [T.RedEnvelope]: MsgType.app,
      [T.Post]: MsgType.app,
      [T.Unknown]: MsgType.system, // 10000
      [T.Recalled]: MsgType.recall, // 10002
    };
    expect(
      Object.keys(MESSAGE_TYPES)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual(Object.values(T).sort((a, b) => a - b));
    for (const [type, code] of Object.entries(expected)) expect(msgTypeOf(Number(type))).toBe(code);
    expect(msgTypeOf(99)).toBe(MsgType.system);
  });

  it('derives a stable 10-digit uin from the account id', () => {
    const a = uinOf('wxid_abc123');
    expect(a).toMatch(/^[1-9]\d{9}$/);
    expect(uinOf('wxid_abc123')).toBe(a);
    expect(uinOf('wxid_abc124')).not.toBe(a);
  });

  it('names web-protocol rooms with the @chatroom suffix wxdesk knows rooms by, and back', () => {
    const ids = new RoomIds();
    expect(ids.desk('123@chatroom')).toBe('123@chatroom');
    expect(ids.puppet('123@chatroom')).toBe('123@chatroom');
    expect(ids.desk('@@abcdef')).toBe('@@abcdef@chatroom');
    expect(ids.puppet('@@abcdef@chatroom')).toBe('@@abcdef');
    expect(new RoomIds().puppet('@@abcdef@chatroom')).toBe('@@abcdef'); // after a restart too
    expect(ids.desk('mock_room_id')).toBe('mock_room_id@chatroom');
    expect(ids.puppet('mock_room_id@chatroom')).toBe('mock_room_id');
  });

  it("matches the account's own message to the send it echoes: by id, else by conversation and text", async () => {
    const sends = new PendingSends();
    const a = sends.expect({ tokenId: 't-a', to: 'wxid_x', text: '你好' });
    sends.expect({ tokenId: 't-b', to: 'wxid_x' });
    const c = sends.expect({ tokenId: 't-c', to: 'wxid_y', text: '嗨' });
    c.setId('m-c');
    const echo = (id: string, to: string, type: number, text?: string) => ({
      id,
      talkerId: 'me',
      listenerId: to,
      type,
      ...(text !== undefined ? { text } : {}),
      timestamp: 1,
    });
    expect(sends.claim(echo('m-1', 'wxid_x', T.Text, '别的'), 'wxid_x', 1)).toBeUndefined();
    expect(sends.claim(echo('m-2', 'wxid_x', T.Image), 'wxid_x', 2)).toBe('t-b');
    expect(sends.claim(echo('m-3', 'wxid_x', T.Text, '你好'), 'wxid_x', 3)).toBe('t-a');
    expect(sends.claim(echo('m-c', 'wxid_y', T.Text, '改过'), 'wxid_y', 4)).toBe('t-c');
    expect(await a.wait(10)).toEqual({ msgId: 'm-3', createTime: 3 });
    const late = sends.expect({ tokenId: 't-d', to: 'wxid_z', text: '晚' });
    const waiting = late.wait(1000);
    sends.claim(echo('m-d', 'wxid_z', T.Text, '晚'), 'wxid_z', 5);
    expect(await waiting).toEqual({ msgId: 'm-d', createTime: 5 });
    expect(await sends.expect({ tokenId: 't-e', to: 'q', text: 'x' }).wait(5)).toBeUndefined();
  });
});
