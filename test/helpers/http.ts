import type { FastifyInstance, InjectOptions } from 'fastify';
import { ADMIN_PASSWORD } from './system.js';

export interface Reply {
  status: number;
  body: any;
  raw: string;
  headers: Record<string, unknown>;
}

/** A logged-in client over app.inject. */
export class Client {
  constructor(
    private readonly app: FastifyInstance,
    readonly token: string,
    readonly operator: { id: number; username: string; role: string },
  ) {}

  static async login(app: FastifyInstance, username = 'admin', password = ADMIN_PASSWORD): Promise<Client> {
    const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
    if (r.statusCode !== 200) throw new Error(`login failed: ${r.statusCode} ${r.body}`);
    const body = r.json();
    return new Client(app, body.token, body.operator);
  }

  async request(opts: InjectOptions): Promise<Reply> {
    const r = await this.app.inject({ ...opts, headers: { authorization: `Bearer ${this.token}`, ...opts.headers } });
    let body: unknown;
    try {
      body = r.json();
    } catch {
      body = undefined;
    }
    return { status: r.statusCode, body, raw: r.body, headers: r.headers };
  }

  get(url: string, query?: Record<string, string | number>) {
    return this.request({
      method: 'GET',
      url,
      ...(query ? { query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])) } : {}),
    });
  }

  post(url: string, payload?: unknown) {
    return this.request({
      method: 'POST',
      url,
      ...(payload !== undefined ? { payload: payload as NonNullable<InjectOptions['payload']> } : {}),
    });
  }

  put(url: string, payload: unknown) {
    return this.request({ method: 'PUT', url, payload: payload as NonNullable<InjectOptions['payload']> });
  }

  /** Creates an agent assigned to the given accounts and logs it in (caller must be admin). */
  async agent(username: string, uins: string[]): Promise<Client> {
    const created = await this.post('/api/v1/operators', { username, password: 'agent-pass-1', role: 'agent' });
    if (created.status !== 201) throw new Error(`create agent: ${created.status} ${created.raw}`);
    const assigned = await this.put(`/api/v1/operators/${created.body.id}/accounts`, { uins });
    if (assigned.status !== 200) throw new Error(`assign: ${assigned.status} ${assigned.raw}`);
    return Client.login(this.app, username, 'agent-pass-1');
  }
}

/**
 * What the console's requests carry besides the session cookie: its own header (console/src/api/client.ts)
 * and the fetch metadata its browser adds to a same-origin call.
 */
export const CONSOLE_HEADERS: Readonly<Record<string, string>> = { 'x-wxdesk-csrf': '1', 'sec-fetch-site': 'same-origin' };

/** Logs in as the console does and answers the session cookie as `wxdesk_session=…`. */
export async function loginCookie(app: FastifyInstance, username = 'admin', password = ADMIN_PASSWORD): Promise<string> {
  const r = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
    headers: { 'sec-fetch-site': 'same-origin' },
  });
  if (r.statusCode !== 200) throw new Error(`login failed: ${r.statusCode} ${r.body}`);
  const cookie = ([] as string[])
    .concat(r.headers['set-cookie'] ?? [])
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('wxdesk_session='));
  if (!cookie) throw new Error('login set no session cookie');
  return cookie;
}
