import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountView } from '../../src/api/index.js';
import type { ServerProcess } from '../e2e/process.js';
import { ADMIN, Api, login, openBrowser, shot, startDesk, waitFor, type Browser } from './harness.js';

/** Administrators add a WeChat account by QR code, and log accounts out and in again. */
describe('console: adding and logging accounts in and out', () => {
  let server: ServerProcess;
  let dataDir: string;
  let api: Api;

  beforeAll(async () => {
    ({ server, dataDir } = await startDesk({ SIM_DELAY_MS: '1500' }));
    api = await new Api(server.url).login();
  });

  afterAll(async () => {
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the QR code of a new account, then the account once it is logged in', async () => {
    const before = await api.call<AccountView[]>('GET', '/accounts');
    const b: Browser = await openBrowser();
    try {
      await login(b.page, server.url, ADMIN);
      await b.page.getByRole('button', { name: /设置/ }).click();
      const card = b.page.locator('.card', { hasText: '微信号管理' });
      await expect.poll(() => card.locator('li[data-account]').count()).toBe(before.length);
      await card.getByRole('button', { name: '添加微信号' }).click();
      const qr = b.page.getByRole('img', { name: '登录二维码' });
      await qr.waitFor({ timeout: 10_000 });
      await shot(b.page, '13-add-account-qr');
      await b.page.getByText(/已登录，可以开始使用/).waitFor({ timeout: 15_000 });
      const after = await waitFor(
        'the new account',
        () => api.call<AccountView[]>('GET', '/accounts'),
        (l) => l.length === before.length + 1,
      );
      const added = after.find((a) => !before.some((x) => x.uin === a.uin))!;
      expect(added.online).toBe(true);
      await b.page.getByRole('button', { name: '完成' }).click();
      await expect.poll(() => card.locator('li[data-account]').count()).toBe(before.length + 1);

      // Log it out and in again from the same card.
      const row = card.locator(`li[data-account="${added.uin}"]`);
      await row.getByRole('button', { name: '退出登录' }).click();
      await row.getByText('离线').waitFor({ timeout: 10_000 });
      expect((await api.call<AccountView[]>('GET', '/accounts')).find((a) => a.uin === added.uin)!.online).toBe(false);
      await row.getByRole('button', { name: '登录' }).click();
      await row.getByText('在线').waitFor({ timeout: 10_000 });
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });
});
