import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationView } from '../../src/api/index.js';
import { startServer, type ServerProcess } from '../e2e/process.js';
import { ADMIN, Api, envFor, login, openBrowser, seedTraffic, shot, startDesk, waitFor, type Browser } from './harness.js';

/** The live stream comes back by itself after the server restarts, and the lists catch up. */
describe('console: live stream across a server restart', () => {
  let server: ServerProcess;
  let dataDir: string;
  let b: Browser;

  beforeAll(async () => {
    ({ server, dataDir } = await startDesk());
    b = await openBrowser();
  });

  afterAll(async () => {
    await b?.close();
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('reconnects, keeps the session, and shows what arrived while it was down', async () => {
    let api = await new Api(server.url).login();
    await seedTraffic(api, 1);
    await waitFor(
      'conversations',
      () => api.call<ConversationView[]>('GET', '/conversations?type=single'),
      (l) => l.length >= 3,
    );
    await login(b.page, server.url, ADMIN);
    await b.page.locator('[data-live="open"]').waitFor();
    const [c] = await api.call<ConversationView[]>('GET', '/conversations?type=single&pageSize=1');
    await b.page.locator(`.conv-item[data-contact-id="${c!.contact.id}"]`).click();

    const port = new URL(server.url).port;
    await server.stop();
    await b.page.locator('[data-live="reconnecting"]').waitFor({ timeout: 10_000 });
    await b.page.locator('.conn-banner').waitFor();
    await shot(b.page, '11-reconnecting');

    server = await startServer(envFor(dataDir, { PORT: port }));
    api = await new Api(server.url).login();
    // Sent before the console is back: it shows up through the refetch after reconnecting.
    await api.call('POST', '/simulator/inbound', { uin: c!.account.uin, from: c!.contact.userName, text: '断线期间的消息' });
    await b.page.locator('[data-live="open"]').waitFor({ timeout: 30_000 });
    await b.page.locator('.msg.in', { hasText: '断线期间的消息' }).waitFor({ timeout: 10_000 });
    expect(await b.page.locator('.conn-banner').count()).toBe(0);

    // And live again after that.
    await api.call('POST', '/simulator/inbound', { uin: c!.account.uin, from: c!.contact.userName, text: '重连之后的消息' });
    await b.page.locator('.msg.in', { hasText: '重连之后的消息' }).waitFor({ timeout: 10_000 });
    expect(b.errors).toEqual([]);
  });
});
