import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { WechatyGateway } from '../../src/adapters/gateways/wechaty/index.js';
import type { AccountRow } from '../../src/store/schema.js';
import { Client } from '../helpers/http.js';
import { startTestSystem, type TestSystem } from '../helpers/system.js';

/**
 * wxdesk with GATEWAY=wechaty and wechaty-puppet-mock: the real store, bus, ingest and HTTP
 * app, and a real Wechaty bot per account whose puppet is driven by the mock's Mocker.
 * Wechaty packages are optional, so nothing here imports them by name at compile time.
 */

// The small part of wechaty-puppet-mock the tests drive (its Mocker and user mocks).
export interface MockMessage {
  id: string;
  text(): string | undefined;
  type(): number;
  talker(): MockContact;
  room(): MockRoom | undefined;
}
export interface MockContact {
  id: string;
  payload: { name: string };
  say(something: string | object): { to(conversation?: MockContact | MockRoom): void };
  on(event: 'message', listener: (m: MockMessage) => void): void;
}
export interface MockRoom {
  id: string;
  payload: { topic: string; memberIdList: string[] };
  add(...contacts: MockContact[]): { by(inviter?: MockContact): void };
  remove(...contacts: MockContact[]): { by(remover?: MockContact): void };
  topic(text: string): { by(changer?: MockContact): void };
  on(event: 'message', listener: (m: MockMessage) => void): void;
}
export interface Mocker {
  createContact(payload: Record<string, unknown>): MockContact;
  createRoom(payload: Record<string, unknown>): MockRoom;
  scan(qrcode: string, status?: number): void;
  login(user: MockContact): void;
  MessageMock: { create(payload: Record<string, unknown>): { id: string } };
}
/** The puppet calls the tests watch or drive directly. */
export interface MockPuppet {
  mocker: Mocker;
  isLoggedIn: boolean;
  emit(event: string, payload: unknown): boolean;
  ding(data?: string): void;
  logout(reason?: string): Promise<void>;
  roomCreate(contactIds: string[], topic?: string): Promise<string>;
  roomAnnounce(roomId: string, text?: string): Promise<void | string>;
  roomQuit(roomId: string): Promise<void>;
  friendshipAdd(contactId: string, options: unknown): Promise<void>;
  friendshipSearchWeixin(weixin: string): Promise<string | null>;
  friendshipSearchPhone(phone: string): Promise<string | null>;
  memory: { get(key: string): Promise<unknown>; set(key: string, value: unknown): Promise<unknown>; save(): Promise<void> };
}

export const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

export interface WechatySystem extends TestSystem {
  admin: Client;
  gateway: WechatyGateway;
  dataDir: string;
}

export interface SystemOptions {
  /** Reuse a database (and DATA_DIR) to start wxdesk again on the same store; close() removes it. */
  dataDir?: string;
}

export async function startWechatySystem(opts: SystemOptions = {}): Promise<WechatySystem> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'wxdesk-wechaty-'));
  const sys = await startTestSystem({
    GATEWAY: 'wechaty',
    WECHATY_PUPPET: 'wechaty-puppet-mock',
    DATA_DIR: dataDir,
    DATABASE_URL: `sqlite:${path.join(dataDir, 'wxdesk.db')}`,
  });
  const admin = await Client.login(sys.running.app!);
  const close = async () => {
    await sys.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { ...sys, close, admin, gateway: sys.running.gateway!.gateway as WechatyGateway, dataDir };
}

/** Waits until `check` returns a value (not undefined/false), polling. */
export async function until<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const accountRow = (sys: TestSystem, uin: string): Promise<AccountRow | undefined> =>
  sys.running.store.db.selectFrom('accounts').selectAll().where('uin', '=', uin).executeTakeFirst();

export interface MockAccount {
  uin: string;
  puppet: MockPuppet;
  mocker: Mocker;
  self: MockContact;
  friends: MockContact[];
  room: MockRoom;
}

let seq = 0;

/**
 * What an administrator does to add an account: POST /api/v1/accounts, then "scan" the QR
 * code and confirm on the phone (the Mocker's scan and login). Each account's WeChat has a
 * few friends, one stranger in a room, and that room.
 */
export async function addMockAccount(sys: WechatySystem, opts: { beforeLogin?: (puppet: MockPuppet) => void } = {}): Promise<MockAccount> {
  const n = ++seq;
  const known = new Set(sys.gateway.sessionList().map((s) => s.puppet));
  const r = await sys.admin.post('/api/v1/accounts', {});
  expect(r.status, r.raw).toBe(202);
  const session = sys.gateway.sessionList().find((s) => !known.has(s.puppet));
  if (!session) throw new Error('no new Wechaty session after POST /api/v1/accounts');
  const puppet = session.puppet as unknown as MockPuppet;
  const mocker = puppet.mocker;
  const self = mocker.createContact({
    id: `wxid_self${n}`,
    name: `客服小王${n}`,
    avatar: `https://wx.qlogo.cn/self${n}.jpg`,
    weixin: `kefu${n}`,
  });
  const friends = [
    mocker.createContact({ id: `wxid_alice${n}`, name: '张伟', alias: '张总-上海客户' }),
    mocker.createContact({ id: `wxid_bob${n}`, name: '李娜' }),
    mocker.createContact({ id: `wxid_carol${n}`, name: '王芳' }),
  ];
  const stranger = mocker.createContact({ id: `wxid_stranger${n}`, name: '路人甲', friend: false });
  const room = mocker.createRoom({
    id: `${2000 + n}000@chatroom`,
    topic: '产品交流群',
    ownerId: friends[0]!.id,
    memberIdList: [self.id, friends[0]!.id, friends[1]!.id, stranger.id],
  });
  opts.beforeLogin?.(puppet);
  mocker.scan(`https://login.weixin.qq.com/l/mock${n}`, 2);
  mocker.login(self);
  const uin = await until(() => sys.gateway.sessionList().find((s) => s.puppet === session.puppet && s.state === 'online')?.uin, 'login');
  await until(async () => (await accountRow(sys, uin))?.status === 1, 'account online in the store');
  return { uin, puppet, mocker, self, friends, room };
}

/** A file-box FileBox, loaded like the adapter loads it. */
export async function fileBox(): Promise<{ fromBase64(data: string, name: string): object }> {
  const name = 'file-box';
  return ((await import(name)) as { FileBox: { fromBase64(data: string, name: string): object } }).FileBox;
}
