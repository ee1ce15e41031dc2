import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startServer, type ServerProcess } from '../e2e/process.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const RESULTS_DIR = path.join(ROOT, 'test-results');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ADMIN = { username: 'admin', password: 'browser-admin-pw' };

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** The real server (as `npm start` runs it) on a fresh data folder, serving the built console. */
export async function startDesk(extra: Record<string, string> = {}): Promise<{ server: ServerProcess; dataDir: string }> {
  if (!fs.existsSync(path.join(ROOT, 'dist/console/index.html')))
    throw new Error('the console is not built: run `npm run build:console` (npm run test:browser does)');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxdesk-browser-'));
  const server = await startServer(envFor(dataDir, extra));
  return { server, dataDir };
}

export const envFor = (dataDir: string, extra: Record<string, string> = {}): Record<string, string> => ({
  DATA_DIR: dataDir,
  ADMIN_PASSWORD: ADMIN.password,
  SIM_RATE: '0.02',
  SIM_DELAY_MS: '300',
  ...extra,
});

export interface Browser {
  context: BrowserContext;
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

/**
 * Chromium with a fresh profile; page errors, anything the content security policy blocked and
 * any call the server refused as cross-site are collected so a test can assert there were none.
 */
export async function openBrowser(viewport = { width: 1280, height: 800 }): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'wxdesk-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() === 403 && /^application\/(problem\+)?json/.test(r.headers()['content-type'] ?? ''))
      void r.text().then((t) => t.includes('request.cross_site') && errors.push(`${r.url()}: ${t}`));
  });
  return {
    context,
    page,
    errors,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function login(page: Page, baseUrl: string, user: { username: string; password: string }): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('用户名').fill(user.username);
  await page.getByLabel('密码').fill(user.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('.shell').waitFor();
}

export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`) });
}

/** Calls /api/v1 from the test, as the administrator (or another token). */
export class Api {
  constructor(
    readonly baseUrl: string,
    private token = '',
  ) {}

  async login(user = ADMIN): Promise<this> {
    const answer = await this.call<{ token: string }>('POST', '/auth/login', user);
    this.token = answer.token;
    return this;
  }

  async call<T>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/api/v1${route}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${route} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** Records every send state an outgoing bubble shows, including ones that last a few milliseconds. */
export async function watchSendStates(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __states: string[] };
    w.__states = [];
    const record = () => {
      for (const el of document.querySelectorAll('.msg.out[data-status]')) {
        const key = `${el.querySelector('.msg-text')?.textContent ?? ''}|${el.getAttribute('data-status')}`;
        if (!w.__states.includes(key)) w.__states.push(key);
      }
    };
    new MutationObserver(record).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-status'],
    });
  });
}

export const sendStates = (page: Page, text: string): Promise<string[]> =>
  page.evaluate(
    (t) => (window as unknown as { __states: string[] }).__states.filter((s) => s.startsWith(`${t}|`)).map((s) => s.split('|')[1]!),
    text,
  );

interface Contact {
  id: number;
  userName: string;
}

/** Makes a few friends and rooms of every account write in, so the desk has conversations. */
export async function seedTraffic(api: Api, perAccount = 3): Promise<void> {
  const accounts = await api.call<{ uin: string; userName: string }[]>('GET', '/accounts');
  for (const a of accounts) {
    const friends = await api.call<Contact[]>('GET', `/accounts/${a.uin}/contacts?type=friend&pageSize=${perAccount}`);
    for (const f of friends)
      await api.call('POST', '/simulator/inbound', { uin: a.uin, from: f.userName, text: `您好，我是${f.userName.slice(-4)}，想咨询一下` });
    const rooms = await api.call<Contact[]>('GET', `/accounts/${a.uin}/contacts?type=room&pageSize=${perAccount}`);
    for (const r of rooms) {
      const members = await api.call<{ userName: string }[]>('GET', `/rooms/${r.id}/members`);
      const from = members.find((m) => m.userName !== a.userName);
      if (from)
        await api.call('POST', '/simulator/inbound', {
          uin: a.uin,
          from: from.userName,
          room: r.userName,
          text: '大家好，请问今天有活动吗？',
        });
    }
  }
}

export async function waitFor<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
