import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationView, RoomMemberView } from '../../src/api/index.js';
import type { ServerProcess } from '../e2e/process.js';
import {
  ADMIN,
  Api,
  login,
  openBrowser,
  seedTraffic,
  sendStates,
  shot,
  startDesk,
  waitFor,
  watchSendStates,
  type Browser,
} from './harness.js';

/** A 2×2 red PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

/** The desk in real Chromium against the real server: log in, chat, live events, group management, keywords. */
describe('console: the desk', () => {
  let server: ServerProcess;
  let dataDir: string;
  let api: Api;
  let b: Browser;

  beforeAll(async () => {
    ({ server, dataDir } = await startDesk());
    api = await new Api(server.url).login();
    b = await openBrowser();
  });

  afterAll(async () => {
    await b?.close();
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs in, and the accounts and conversations fill', async () => {
    await b.page.goto(server.url);
    await b.page.getByRole('button', { name: '登录' }).waitFor();
    await shot(b.page, '01-login');
    await login(b.page, server.url, ADMIN);
    await b.page.locator('[data-live="open"]').waitFor();
    // Friends and groups write in while the desk is open: the lists fill live.
    await seedTraffic(api);
    await expect.poll(() => b.page.locator('.conv-item').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(9);
    await waitFor(
      'conversations stored',
      () => api.call<ConversationView[]>('GET', '/conversations?type=group&pageSize=30'),
      (l) => l.length >= 9,
    );
    await expect.poll(() => b.page.locator('.account-item[data-uin]').count()).toBe(3);
    await expect.poll(() => b.page.locator('.account-item .presence.on').count()).toBe(3);
    // Unread totals follow the live traffic: each account's badge matches the server's count.
    const unreadOnServer = async () =>
      (await api.call<{ uin: string; unread: number }[]>('GET', '/accounts')).map((a) => `${a.uin}:${a.unread}`);
    const unreadShown = () =>
      b.page
        .locator('.account-item[data-uin]')
        .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-uin')}:${Number(e.querySelector('.badge')?.textContent ?? 0)}`));
    expect((await unreadOnServer()).some((x) => !x.endsWith(':0'))).toBe(true);
    await expect
      .poll(async () => JSON.stringify(await unreadShown()) === JSON.stringify(await unreadOnServer()), { timeout: 10_000 })
      .toBe(true);
    await shot(b.page, '02-desk');
  });

  let single: ConversationView;

  it('opens a chat and a text goes pending → sent; a failed send shows its reason', async () => {
    const [c] = await api.call<ConversationView[]>('GET', '/conversations?type=single&pageSize=1');
    single = c!;
    await b.page.locator(`.conv-item[data-contact-id="${c!.contact.id}"]`).click();
    await b.page.locator('.chat-head h2', { hasText: c!.contact.remarkName || c!.contact.nickName }).waitFor();
    await expect.poll(() => b.page.locator('.messages .msg').count()).toBeGreaterThan(0);
    await watchSendStates(b.page);

    const text = `浏览器测试消息 ${Date.now()}`;
    await b.page.getByLabel('输入消息').fill(text);
    await b.page.getByLabel('输入消息').press('Enter');
    const bubble = b.page.locator('.msg.out', { hasText: text });
    await expect.poll(() => bubble.getAttribute('data-status'), { timeout: 10_000 }).toBe('1');
    expect(await sendStates(b.page, text)).toEqual(['0', '1']);
    expect(await b.page.getByLabel('输入消息').inputValue()).toBe('');

    await api.call('POST', '/simulator/faults', { uin: c!.account.uin, kind: 'failNextSend' });
    await b.page.getByLabel('输入消息').fill('这条会失败');
    await b.page.getByRole('button', { name: '发送', exact: true }).click();
    const failed = b.page.locator('.msg.out', { hasText: '这条会失败' });
    await expect.poll(() => failed.getAttribute('data-status'), { timeout: 10_000 }).toBe('2');
    expect(await failed.locator('.msg-fail-reason').textContent()).toContain('模拟发送失败');
    // The simulated friend answers the first message on its own, live.
    await expect.poll(() => b.page.locator('.msg.in').count(), { timeout: 10_000 }).toBeGreaterThan(1);

    // An image: shown at once, uploaded, stored, and served back.
    await b.page.getByTestId('image-input').setInputFiles({ name: '报价单.png', mimeType: 'image/png', buffer: PNG });
    const image = b.page.locator('.msg.out .msg-image img').last();
    await expect.poll(() => image.evaluate((el) => (el as HTMLImageElement).src), { timeout: 10_000 }).toContain('/media/');
    await expect.poll(() => b.page.locator('.msg.out').last().getAttribute('data-status'), { timeout: 10_000 }).toBe('1');
    await expect.poll(() => image.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await shot(b.page, '03-chat');
  });

  it('shows an inbound message live, without reload', async () => {
    const c = single;
    const open = String(c.contact.id);
    expect(await b.page.locator('.conv-item.active').getAttribute('data-contact-id')).toBe(open);
    const text = `客户实时来信 ${Date.now()}`;
    await api.call('POST', '/simulator/inbound', { uin: c.account.uin, from: c.contact.userName, text });
    await b.page.locator('.msg.in', { hasText: text }).waitFor({ timeout: 10_000 });
    await expect
      .poll(() => b.page.locator(`.conv-item[data-contact-id="${open}"] .conv-preview`).textContent(), { timeout: 10_000 })
      .toBe(text);
    // The open chat is read as it arrives: no badge.
    expect(await b.page.locator(`.conv-item[data-contact-id="${open}"] .badge`).count()).toBe(0);

    // Another chat's message raises its unread badge instead.
    const others = await api.call<ConversationView[]>('GET', '/conversations?type=single&pageSize=5');
    const other = others.find((x) => String(x.contact.id) !== open)!;
    await api.call('POST', '/simulator/inbound', { uin: other.account.uin, from: other.contact.userName, text: '另一位客户的消息' });
    const row = b.page.locator(`.conv-item[data-contact-id="${other.contact.id}"]`);
    await expect.poll(() => row.locator('.conv-preview').textContent(), { timeout: 10_000 }).toBe('另一位客户的消息');
    expect(Number(await row.locator('.badge').textContent())).toBeGreaterThan(0);
  });

  it('loads older history when scrolling up, keeping the view in place', async () => {
    const others = await api.call<ConversationView[]>('GET', '/conversations?type=single&pageSize=10');
    const c = others.find((x) => x.contact.id !== single.contact.id)!;
    for (let i = 1; i <= 60; i++)
      await api.call('POST', '/simulator/inbound', { uin: c.account.uin, from: c.contact.userName, text: `历史消息 #${i}` });
    const stored = await waitFor(
      '60 messages stored',
      () => api.call<unknown[]>('GET', `/conversations/${c.contact.id}/messages?limit=100`),
      (l) => l.length >= 61,
    );
    await b.page.locator(`.conv-item[data-contact-id="${c.contact.id}"]`).click();
    const list = b.page.getByTestId('messages');
    await b.page.locator('.msg', { hasText: '历史消息 #60' }).waitFor();
    expect(await list.locator('.msg').count()).toBe(50);
    // It opens at the newest message.
    expect(await list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight)).toBeLessThan(5);
    const anchor = list.locator('.msg', { hasText: '历史消息 #11' }).first();
    const listTop = (await list.boundingBox())!.y;
    await list.evaluate((el) => (el.scrollTop = 0));
    await expect.poll(() => list.locator('.msg').count(), { timeout: 10_000 }).toBe(stored.length);
    // What was at the top stays in view: the older messages came in above it, off screen.
    const y = (await anchor.boundingBox())!.y - listTop;
    expect(y).toBeGreaterThan(0);
    expect(y).toBeLessThan(150);
    expect(await list.evaluate((el) => el.scrollTop)).toBeGreaterThan(100);
    await list.evaluate((el) => (el.scrollTop = 0));
    await b.page.getByText('没有更早的消息了').waitFor();
    expect(await list.locator('.msg').first().textContent()).toContain('您好');
  });

  let roomId = 0;

  it('stars a group and it moves to the top', async () => {
    const groups = await api.call<ConversationView[]>('GET', '/conversations?type=group&pageSize=30');
    const target = groups.filter((g) => g.contact.setting !== 3).at(-1)!;
    roomId = target.contact.id;
    await b.page.getByRole('tab', { name: '群聊' }).click();
    const row = b.page.locator(`.conv-item[data-contact-id="${roomId}"]`);
    await row.click();
    await b.page.getByRole('button', { name: '群管理' }).click();
    await b.page.getByRole('radio', { name: '星标' }).click();
    await expect.poll(() => b.page.locator('.conv-item').first().getAttribute('data-contact-id')).toBe(String(roomId));
    expect(await row.getAttribute('data-starred')).toBe('true');
    const stored = await api.call<{ setting: number }>('GET', `/contacts/${roomId}`);
    expect(stored.setting).toBe(3);
    // New messages in other rooms do not push it down.
    const other = groups.find((g) => g.contact.id !== roomId)!;
    const members = await api.call<RoomMemberView[]>('GET', `/rooms/${other.contact.id}/members`);
    const from = members.find((m) => m.userName !== other.account.userName)!.userName;
    await api.call('POST', '/simulator/inbound', { uin: other.account.uin, from, room: other.contact.userName, text: '群里的新消息' });
    await expect
      .poll(() => b.page.locator(`.conv-item[data-contact-id="${other.contact.id}"] .conv-preview`).textContent(), { timeout: 10_000 })
      .toBe('群里的新消息');
    expect(await b.page.locator('.conv-item').first().getAttribute('data-contact-id')).toBe(String(roomId));
  });

  it('sets the announcement and shows the stored value', async () => {
    const text = `本群公告：周五下午三点直播答疑 ${Date.now() % 1000}`;
    await b.page.locator('.room-panel').getByRole('button', { name: '编辑' }).click();
    await b.page.getByLabel('群公告内容').fill(text);
    await b.page.getByRole('button', { name: '发布' }).click();
    await expect.poll(() => b.page.getByTestId('announcement').textContent(), { timeout: 10_000 }).toBe(text);
    expect((await api.call<{ announcement: string }>('GET', `/rooms/${roomId}`)).announcement).toBe(text);
    await b.page.locator('.member-grid .member').first().waitFor();
    await shot(b.page, '04-room-panel');
  });

  it('adds a keyword and a hit in a group is flagged, listed, and highlighted in the chat', async () => {
    await b.page.getByRole('button', { name: /设置/ }).click();
    await b.page.getByLabel('新敏感词').fill('违禁品');
    await b.page.getByRole('button', { name: '添加', exact: true }).click();
    await b.page.locator('.chip', { hasText: '违禁品' }).waitFor();

    const room = await api.call<{ userName: string }>('GET', `/rooms/${roomId}`);
    const [conv] = (await api.call<ConversationView[]>('GET', '/conversations?type=group&pageSize=30')).filter(
      (c) => c.contact.id === roomId,
    );
    const members = await api.call<RoomMemberView[]>('GET', `/rooms/${roomId}/members`);
    const from = members.find((m) => m.userName !== conv!.account.userName)!.userName;
    await api.call('POST', '/simulator/inbound', { uin: conv!.account.uin, from, room: room.userName, text: '谁有违禁品要出手？私聊' });

    await b.page.locator('.toast', { hasText: '命中敏感词' }).waitFor({ timeout: 10_000 });
    const hitRow = b.page.locator('tr[data-hit-id]', { hasText: '违禁品要出手' });
    await hitRow.waitFor();
    expect(await hitRow.locator('mark.kw-hit').textContent()).toBe('违禁品');
    await shot(b.page, '05-settings-keywords');

    await hitRow.click();
    const flagged = b.page.locator('.msg.hit', { hasText: '违禁品要出手' });
    await flagged.waitFor({ timeout: 10_000 });
    expect(await flagged.locator('mark.kw-hit').textContent()).toBe('违禁品');
    expect(await b.page.locator('.conv-item.active').getAttribute('data-contact-id')).toBe(String(roomId));
    await shot(b.page, '06-chat-keyword-hit');
    expect(b.errors).toEqual([]);
  });

  it('fits a narrow laptop screen without horizontal scrolling', async () => {
    await b.page.setViewportSize({ width: 1024, height: 700 });
    await b.page.waitForTimeout(200);
    const overflow = await b.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const composer = await b.page.locator('.composer').boundingBox();
    expect(composer!.x + composer!.width).toBeLessThanOrEqual(1024);
    await shot(b.page, '07-narrow-1024');
    await b.page.setViewportSize({ width: 1280, height: 800 });
  });
});
