import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountView, ConversationView, KeywordView, MessageView } from '../../src/api/index.js';
import type { ServerProcess } from '../e2e/process.js';
import { ADMIN, Api, login, openBrowser, seedTraffic, startDesk, waitFor, type Browser } from './harness.js';

/**
 * A logged-in operator visits another page: one on another port of the same host (same site,
 * so even a SameSite=Strict cookie goes along) and one on another site. Nothing they link to,
 * post or fetch may act with the operator's session, nor may their sockets listen in.
 */
describe('console: pages of other origins cannot use the session', () => {
  let server: ServerProcess;
  let dataDir: string;
  let api: Api;
  let b: Browser;
  let evil: http.Server;
  let evilPort: number;
  let conv: ConversationView;
  let account: AccountView;
  let page = '';

  beforeAll(async () => {
    ({ server, dataDir } = await startDesk());
    api = await new Api(server.url).login();
    await seedTraffic(api, 1);
    account = (await api.call<AccountView[]>('GET', '/accounts'))[0]!;
    conv = (
      await waitFor(
        'a conversation',
        () => api.call<ConversationView[]>('GET', `/conversations?type=single&uin=${account.uin}&pageSize=1`),
        (l) => l.length >= 1,
      )
    )[0]!;
    evil = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page));
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    evilPort = (evil.address() as AddressInfo).port;
    b = await openBrowser();
    await login(b.page, server.url, ADMIN);
  });

  afterAll(async () => {
    await b?.close();
    await new Promise((r) => evil?.close(r));
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const deleteUrl = (base: string) =>
    `${base}/wechat_api/message/delMsgByOwnerId?${new URLSearchParams({
      ownerId: String(conv.contact.id),
      wechatUserName: account.userName,
      wechatContactUserName: conv.contact.userName,
      uin: account.uin,
    })}`;
  const history = () => api.call<MessageView[]>('GET', `/conversations/${conv.contact.id}/messages`);
  /** The desk's own address under another host name: another site for the browser. */
  const otherSite = (port: number) => `http://localhost:${port}`;

  for (const [label, origin] of [
    ['another port of this host', () => `http://127.0.0.1:${evilPort}`],
    ['another site', () => otherSite(evilPort)],
  ] as const) {
    it(`a link, a form and a script on ${label} change nothing and hear nothing`, async () => {
      const before = await history();
      expect(before.length).toBeGreaterThan(0);
      page = `<!doctype html><meta charset="utf-8">
        <a id="del" href="${deleteUrl(server.url)}">免费领取</a>
        <form id="kw" method="post" action="${server.url}/api/v1/keywords"><input name="keyword" value="跨站关键词"></form>
        <script>
          window.socket = 'pending';
          const ws = new WebSocket('${server.url.replace(/^http/, 'ws')}/api/v1/events');
          ws.onmessage = () => { window.socket = 'heard'; };
          ws.onclose = () => { if (window.socket === 'pending') window.socket = 'refused'; };
          fetch('${deleteUrl(server.url)}', { mode: 'no-cors', credentials: 'include' }).finally(() => { window.fetched = true; });
        </script>`;
      await b.page.goto(`${origin()}/`);
      await expect.poll(() => b.page.evaluate(() => (window as unknown as { socket: string }).socket)).toBe('refused');
      await expect.poll(() => b.page.evaluate(() => (window as unknown as { fetched?: boolean }).fetched)).toBe(true);

      await Promise.all([b.page.waitForURL(/delMsgByOwnerId/), b.page.click('#del')]);
      expect(await b.page.locator('body').textContent()).toMatch(/"code":40[13]/);

      await b.page.goto(`${origin()}/`);
      await Promise.all([
        b.page.waitForURL(/keywords/),
        b.page.evaluate(() => (document.getElementById('kw') as HTMLFormElement).submit()),
      ]);
      expect(await b.page.locator('body').textContent()).toMatch(/"status":40[13]/);

      expect(await history()).toEqual(before);
      expect((await api.call<KeywordView[]>('GET', '/keywords')).map((k) => k.keyword)).not.toContain('跨站关键词');
    });
  }

  it('the console itself still works with the same session afterwards', async () => {
    await b.page.goto(server.url);
    await b.page.locator('.shell').waitFor();
    await b.page.locator(`.conv-item[data-contact-id="${conv.contact.id}"]`).waitFor();
  });
});
