import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountView } from '../../src/api/index.js';
import type { ServerProcess } from '../e2e/process.js';
import { ADMIN, Api, login, openBrowser, shot, startDesk } from './harness.js';

/** Sessions end where they are open: a console whose operator was disabled, or whose session logged out elsewhere, goes back to the login page. */
describe('console: sessions that end elsewhere', () => {
  let server: ServerProcess;
  let dataDir: string;
  let api: Api;
  let accounts: AccountView[];

  beforeAll(async () => {
    ({ server, dataDir } = await startDesk());
    api = await new Api(server.url).login();
    accounts = await api.call<AccountView[]>('GET', '/accounts');
  });

  afterAll(async () => {
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('an administrator disables an agent in the settings (after a confirm): the agent’s open console ends at once, it cannot log in until enabled', async () => {
    const agent = await api.call<{ id: number }>('POST', '/operators', { username: 'agent-off', password: 'agent-pass-1', role: 'agent' });
    await api.call('PUT', `/operators/${agent.id}/accounts`, { uins: [accounts[0]!.uin] });
    const agentBrowser = await openBrowser();
    const adminBrowser = await openBrowser();
    try {
      const a = agentBrowser.page;
      await login(a, server.url, { username: 'agent-off', password: 'agent-pass-1' });
      await a.locator('.account-item[data-uin]').first().waitFor();

      const p = adminBrowser.page;
      await login(p, server.url, ADMIN);
      await p.getByRole('button', { name: /设置/ }).click();
      const row = p.locator('tr[data-operator="agent-off"]');
      await row.getByRole('button', { name: '停用' }).click();
      const dialog = p.getByRole('dialog', { name: '停用系统账号' });
      await dialog.waitFor();
      await shot(p, '16-disable-operator');
      await dialog.getByRole('button', { name: '停用' }).click();
      await row.getByText('已停用').waitFor();
      await shot(p, '17-operator-disabled');
      expect(await p.locator('tr[data-operator="admin"]').getByRole('button', { name: '停用' }).count()).toBe(0);

      // The agent's console is back at the login page by itself, saying why.
      await a.locator('.form-notice', { hasText: '已被停用' }).waitFor({ timeout: 10_000 });
      expect(await a.locator('.shell').count()).toBe(0);
      await a.getByLabel('用户名').fill('agent-off');
      await a.getByLabel('密码').fill('agent-pass-1');
      await a.getByRole('button', { name: '登录' }).click();
      await a.locator('.form-error', { hasText: '已停用' }).waitFor();

      await row.getByRole('button', { name: '启用' }).click();
      await p.getByRole('dialog', { name: '启用系统账号' }).getByRole('button', { name: '启用' }).click();
      await row.getByText('已停用').waitFor({ state: 'detached' });
      await a.getByRole('button', { name: '登录' }).click();
      await a.locator('.shell').waitFor();
      expect(agentBrowser.errors).toEqual([]);
      expect(adminBrowser.errors).toEqual([]);
    } finally {
      await agentBrowser.close();
      await adminBrowser.close();
    }
  });

  it('a logout in one browser ends that session’s console in another tab of it at once', async () => {
    const b = await openBrowser();
    try {
      await login(b.page, server.url, ADMIN);
      const second = await b.context.newPage();
      await second.goto(server.url);
      await second.locator('.shell').waitFor(); // the same session (cookie)
      await b.page.getByRole('button', { name: /退出/ }).click();
      await second.locator('.form-notice', { hasText: '登录已失效' }).waitFor({ timeout: 10_000 });
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });
});
