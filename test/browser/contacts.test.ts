import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountView, ContactView, ConversationView } from '../../src/api/index.js';
import type { ServerProcess } from '../e2e/process.js';
import { ADMIN, Api, login, openBrowser, seedTraffic, shot, startDesk, waitFor, type Browser } from './harness.js';

/** The contacts page: sync with progress, search a user, refresh a profile, delete history, open a chat. */
describe('console: contacts', () => {
  let server: ServerProcess;
  let dataDir: string;
  let api: Api;
  let b: Browser;
  let account: AccountView;

  beforeAll(async () => {
    ({ server, dataDir } = await startDesk());
    api = await new Api(server.url).login();
    await seedTraffic(api, 2);
    account = (await api.call<AccountView[]>('GET', '/accounts'))[0]!;
    await waitFor(
      'a conversation',
      () => api.call<ConversationView[]>('GET', `/conversations?type=single&uin=${account.uin}`),
      (l) => l.length >= 2,
    );
    b = await openBrowser();
    await login(b.page, server.url, ADMIN);
    await b.page.getByRole('button', { name: /通讯录/ }).click();
    await b.page.locator('.contacts-page tr[data-contact-id]').first().waitFor();
  });

  afterAll(async () => {
    await b?.close();
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('syncs contacts with a progress bar that reaches the end', async () => {
    expect(await b.page.getByLabel('选择微信号').inputValue()).toBe(account.uin);
    await b.page.getByRole('button', { name: '同步通讯录' }).click();
    const bar = b.page.getByRole('progressbar', { name: '同步进度' });
    await expect.poll(() => bar.getAttribute('data-status'), { timeout: 20_000 }).toBe('done');
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    await b.page.getByText(/^已完成 \d+ 项$/).waitFor();
  });

  it('finds a user by wxid', async () => {
    const [friend] = await api.call<ContactView[]>('GET', `/accounts/${account.uin}/contacts?type=friend&pageSize=1`);
    await b.page.getByLabel('搜索内容').fill(friend!.userName);
    await b.page.getByRole('button', { name: '搜索', exact: true }).click();
    await b.page.locator('.search-result .profile-name', { hasText: friend!.nickName }).waitFor({ timeout: 10_000 });
    await b.page.getByLabel('搜索内容').fill('wxid_nobody_at_all_123');
    await b.page.getByRole('button', { name: '搜索', exact: true }).click();
    await b.page.getByText('没有找到该用户').waitFor({ timeout: 10_000 });
  });

  it('refreshes a profile and deletes a chat history after confirming', async () => {
    const [conv] = await api.call<ConversationView[]>('GET', `/conversations?type=single&uin=${account.uin}&pageSize=1`);
    await b.page.getByLabel('搜索通讯录').fill(conv!.contact.nickName);
    const rows = b.page.locator('.contacts-page tr[data-contact-id]');
    // The search is done by the server (name, remark, pinyin): only matching rows stay.
    await expect
      .poll(() =>
        rows.evaluateAll((els, nick) => els.length > 0 && els.every((e) => e.textContent!.includes(nick)), conv!.contact.nickName),
      )
      .toBe(true);
    const row = b.page.locator(`tr[data-contact-id="${conv!.contact.id}"]`);
    await row.getByRole('button', { name: '刷新资料' }).click();
    await b.page.locator('.toast', { hasText: '已请求刷新' }).waitFor();
    await shot(b.page, '12-contacts');

    await row.getByRole('button', { name: '删除记录' }).click();
    await b.page.getByRole('dialog', { name: '删除聊天记录' }).getByRole('button', { name: '删除' }).click();
    await b.page.locator('.toast', { hasText: /已删除 [1-9]\d* 条聊天记录/ }).waitFor();
    expect(await api.call<unknown[]>('GET', `/conversations/${conv!.contact.id}/messages`)).toEqual([]);

    // "发消息" opens the (now empty) chat on the desk, and the conversation left the recent list.
    await row.getByRole('button', { name: '发消息' }).click();
    await b.page.locator('.chat-head h2', { hasText: conv!.contact.remarkName || conv!.contact.nickName }).waitFor();
    await b.page.locator('.messages .empty', { hasText: '暂无消息' }).waitFor();
    expect(await b.page.locator(`.conv-item[data-contact-id="${conv!.contact.id}"]`).count()).toBe(0);
    expect(b.errors).toEqual([]);
  });
});
