import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountView, ConversationView } from '../../src/api/index.js';
import type { ServerProcess } from '../e2e/process.js';
import { ADMIN, Api, login, openBrowser, seedTraffic, shot, startDesk, waitFor, type Browser } from './harness.js';

/** An agent sees only the accounts assigned to it; an administrator assigns them in the settings. */
describe('console: operators and their accounts', () => {
  let server: ServerProcess;
  let dataDir: string;
  let api: Api;
  let accounts: AccountView[];

  beforeAll(async () => {
    ({ server, dataDir } = await startDesk());
    api = await new Api(server.url).login();
    await seedTraffic(api, 2);
    accounts = await api.call<AccountView[]>('GET', '/accounts');
    await waitFor(
      'conversations of every account',
      () => api.call<ConversationView[]>('GET', '/conversations?type=single&pageSize=50'),
      (l) => new Set(l.map((c) => c.account.uin)).size === accounts.length,
    );
  });

  afterAll(async () => {
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('an agent assigned one account sees only that account, its conversations and no operator admin', async () => {
    const agent = await api.call<{ id: number }>('POST', '/operators', { username: 'agent1', password: 'agent-pass-1', role: 'agent' });
    const mine = accounts[1]!;
    await api.call('PUT', `/operators/${agent.id}/accounts`, { uins: [mine.uin] });

    const b: Browser = await openBrowser();
    try {
      await login(b.page, server.url, { username: 'agent1', password: 'agent-pass-1' });
      await expect.poll(() => b.page.locator('.account-item[data-uin]').count()).toBe(1);
      expect(await b.page.locator('.account-item[data-uin]').getAttribute('data-uin')).toBe(mine.uin);
      await expect.poll(() => b.page.locator('.conv-item').count()).toBeGreaterThan(0);
      const uins = await b.page.locator('.conv-item').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-uin')))]);
      expect(uins).toEqual([mine.uin]);
      // The group tab's items, once they have replaced the single chats (the list reloads after the click).
      const rooms = new Set(
        (await api.call<ConversationView[]>('GET', `/conversations?type=group&uin=${mine.uin}&pageSize=100`)).map((c) => c.contact.id),
      );
      await b.page.getByRole('tab', { name: '群聊' }).click();
      const shownIds = () => b.page.locator('.conv-item').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-contact-id'))));
      await expect.poll(shownIds).toSatisfy((ids: number[]) => ids.length > 0 && ids.every((id) => rooms.has(id)));
      await expect.poll(() => b.page.locator('.conv-item').count()).toBeGreaterThan(0);
      expect(await b.page.locator('.conv-item').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-uin')))])).toEqual([
        mine.uin,
      ]);
      await shot(b.page, '08-agent-desk');

      // A message to another account never reaches this console.
      const other = (await api.call<ConversationView[]>('GET', '/conversations?type=single&pageSize=50')).find(
        (c) => c.account.uin !== mine.uin,
      )!;
      await api.call('POST', '/simulator/inbound', { uin: other.account.uin, from: other.contact.userName, text: '给别的客服的消息' });
      const own = (await api.call<ConversationView[]>('GET', `/conversations?type=single&uin=${mine.uin}&pageSize=1`))[0]!;
      await api.call('POST', '/simulator/inbound', { uin: mine.uin, from: own.contact.userName, text: '给我的消息' });
      await b.page.getByRole('tab', { name: '单聊' }).click();
      await b.page.locator('.conv-preview', { hasText: '给我的消息' }).waitFor({ timeout: 10_000 });
      expect(await b.page.locator('.conv-preview', { hasText: '给别的客服的消息' }).count()).toBe(0);

      await b.page.getByRole('button', { name: /设置/ }).click();
      await b.page.locator('.card', { hasText: '敏感词' }).first().waitFor();
      expect(await b.page.getByText('系统账号').count()).toBe(0);
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it('an administrator creates an agent and assigns accounts in the settings', async () => {
    const b = await openBrowser();
    try {
      await login(b.page, server.url, ADMIN);
      await b.page.getByRole('button', { name: /设置/ }).click();
      const form = b.page.getByRole('form', { name: '新建系统账号' });
      await form.getByLabel('用户名').fill('agent2');
      await form.getByLabel('密码').fill('agent-pass-2');
      await form.getByRole('button', { name: '新建' }).click();
      // A new agent goes straight to choosing its accounts.
      const dialog = b.page.getByRole('dialog');
      await dialog.waitFor();
      await dialog.locator(`input[data-uin="${accounts[0]!.uin}"]`).check();
      await dialog.locator(`input[data-uin="${accounts[2]!.uin}"]`).check();
      await shot(b.page, '09-assign-accounts');
      await dialog.getByRole('button', { name: '保存' }).click();
      await b.page.locator('tr[data-operator="agent2"]', { hasText: accounts[0]!.nickName }).waitFor();
      const ops = await api.call<{ username: string; uins: string[] | null }[]>('GET', '/operators');
      expect(ops.find((o) => o.username === 'agent2')!.uins!.sort()).toEqual([accounts[0]!.uin, accounts[2]!.uin].sort());
      await shot(b.page, '10-operators');
    } finally {
      await b.close();
    }
  });
});
