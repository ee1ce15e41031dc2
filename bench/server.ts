/**
 * A server in its own process, so that the load generator, the server and the bench driver
 * do not share an event loop. Modes: `wx` (wxdesk as `npm start` runs it), `raw-http` (a bare
 * Fastify route running the raw query), `raw-ws` (a bare ws server). Driven over IPC.
 */
import fs from 'node:fs';
import Fastify from 'fastify';
import pg from 'pg';
import { WebSocketServer, type WebSocket } from 'ws';
import type { MemoryBus } from '../src/adapters/bus/memory-bus.js';
import type { Notification } from '../src/core/notifications.js';
import { startRoles } from '../src/roles/start.js';
import { numbered, recentSql, type RecentParams, type Scope } from './raw-sql.js';
import { RawSqlite } from './raw-sqlite.js';
import type { DbTarget } from './setup.js';
import { wxConfig, wxLog } from './wxdesk.js';

export interface ServerArgs {
  mode: 'wx' | 'raw-http' | 'raw-ws';
  target: DbTarget;
  dataDir: string;
}

/** One message to announce, as ingest announces a stored message. */
export interface PushItem {
  accountId: number;
  uin: string;
  contactId: number;
  messageId: number;
  isRoom: boolean;
}

export type ToServer = { cmd: 'push'; items?: PushItem[]; frames?: string[] } | { cmd: 'memory' } | { cmd: 'stop' };
export type FromServer = { cmd: 'ready'; port: number } | { cmd: 'pushed' } | { cmd: 'memory'; peakMb: number; rssMb: number };

const send = (m: FromServer) => process.send!(m);

/** Peak and current resident memory of this process, from the kernel's own accounting. */
function memory(): FromServer {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { cmd: 'memory', peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
}

async function startWx(args: ServerArgs) {
  const running = await startRoles(wxConfig(args.target, args.dataDir), {
    log: wxLog(),
    ...(args.target.schema ? { storeSchema: args.target.schema } : {}),
  });
  const app = running.app!;
  await app.listen({ port: 0, host: '127.0.0.1' });
  const bus = running.bus as MemoryBus;
  return {
    port: (app.server.address() as { port: number }).port,
    // What ingest publishes for each stored message; the API role turns them into pushes.
    push: async (m: ToServer & { cmd: 'push' }) => {
      for (const it of m.items ?? []) {
        const base = { accountId: it.accountId, uin: it.uin, contactId: it.contactId };
        const stored: Notification = { type: 'message.stored', data: { ...base, messageId: it.messageId, isRoom: it.isRoom } };
        const updated: Notification = { type: 'conversation.updated', data: { ...base, unread: 0, lastTime: 0 } };
        await bus.publish('notifications', stored);
        await bus.publish('notifications', updated);
      }
      await bus.idle();
    },
    stop: () => running.stop(),
  };
}

async function startRawHttp(args: ServerArgs) {
  const app = Fastify({ logger: false });
  let query: (p: RecentParams) => Promise<unknown[]>;
  let close: () => Promise<void>;
  if (args.target.url.startsWith('postgres')) {
    const pool = new pg.Pool({ connectionString: args.target.url, max: 10, options: `-c search_path=${args.target.schema}` });
    query = async (p) => {
      const q = recentSql(p);
      return (await pool.query({ name: `recent-${p.isRoom}-${p.scope.kind}`, text: numbered(q.sql), values: q.params })).rows;
    };
    close = () => pool.end();
  } else {
    const raw = new RawSqlite(args.target.url.replace(/^sqlite:/, ''), []);
    query = (p) => raw.recent(p);
    close = () => raw.close();
  }
  app.get('/recent', async (req) => {
    const q = req.query as Record<string, string | undefined>;
    const scope: Scope = q.uin ? { kind: 'uin', uin: q.uin } : { kind: 'all' };
    return query({ isRoom: q.isRoom === '1', scope, page: Number(q.page ?? 1), pageSize: 20 });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    port: (app.server.address() as { port: number }).port,
    push: async () => undefined,
    stop: async () => {
      await app.close();
      await close();
    },
  };
}

async function startRawWs() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  const clients = new Set<WebSocket>();
  wss.on('connection', (ws) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
  });
  return {
    port: (wss.address() as { port: number }).port,
    push: async (m: ToServer & { cmd: 'push' }) => {
      for (const frame of m.frames ?? []) for (const ws of clients) ws.send(frame);
    },
    stop: () => new Promise<void>((r) => wss.close(() => r())),
  };
}

const args = JSON.parse(process.argv[2]!) as ServerArgs;
const server = args.mode === 'wx' ? await startWx(args) : args.mode === 'raw-http' ? await startRawHttp(args) : await startRawWs();
process.on('message', (m: ToServer) => {
  void (async () => {
    if (m.cmd === 'push') {
      await server.push(m);
      send({ cmd: 'pushed' });
    } else if (m.cmd === 'memory') send(memory());
    else {
      await server.stop();
      process.exit(0);
    }
  })().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
});
send({ cmd: 'ready', port: server.port });
