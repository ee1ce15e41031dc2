import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ADMIN } from './dataset.js';
import type { Log, Paired } from './figures.js';
import type { FromLoad, LoadArgs } from './load.js';
import type { FromServer, PushItem, ServerArgs, ToServer } from './server.js';

const here = import.meta.dirname;

/** A TypeScript child process talking over IPC; `BENCH_CPU_PROF=dir` profiles the servers. */
export class Child<In, Out extends { cmd: string }> {
  private readonly waiting: { cmd: string; resolve: (m: Out) => void }[] = [];
  /** Messages that came before anyone waited for them. */
  private readonly inbox: Out[] = [];
  private readonly proc: ChildProcess;

  constructor(file: string, args: unknown, profile = false) {
    const prof = profile && process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    this.proc = fork(path.join(here, file), [JSON.stringify(args)], {
      execArgv: ['--import', 'tsx', ...prof],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.proc.on('message', (m: Out) => {
      const i = this.waiting.findIndex((w) => w.cmd === m.cmd);
      if (i >= 0) this.waiting.splice(i, 1)[0]!.resolve(m);
      else this.inbox.push(m);
    });
    this.proc.on('exit', (code) => {
      for (const w of this.waiting.splice(0)) w.resolve({ cmd: 'exit', code } as unknown as Out);
    });
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  next<C extends Out['cmd']>(cmd: C): Promise<Extract<Out, { cmd: C }>> {
    const early = this.inbox.findIndex((m) => m.cmd === cmd);
    if (early >= 0) return Promise.resolve(this.inbox.splice(early, 1)[0] as Extract<Out, { cmd: C }>);
    return new Promise((resolve, reject) => {
      this.waiting.push({
        cmd,
        resolve: (m) =>
          m.cmd === cmd
            ? resolve(m as Extract<Out, { cmd: C }>)
            : reject(new Error(`${path.basename(String(this.proc.spawnargs[2]))} exited while waiting for ${cmd}`)),
      });
    });
  }

  send(m: In): void {
    this.proc.send(m as object);
  }

  kill(): void {
    this.proc.kill();
  }

  /** Graceful stop (so a CPU profile gets written), then a kill if it hangs. */
  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || !this.proc.connected) return;
    const exited = new Promise((r) => this.proc.once('exit', r));
    this.send({ cmd: 'stop' } as In);
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

export type Server = Child<ToServer, FromServer>;

export async function startServer(args: ServerArgs): Promise<{ server: Server; port: number }> {
  const server = new Child<ToServer, FromServer>('server.ts', args, true);
  const ready = await server.next('ready');
  return { server, port: ready.port };
}

async function load<C extends FromLoad['cmd']>(args: LoadArgs, cmd: C, onReady?: () => void): Promise<Extract<FromLoad, { cmd: C }>> {
  const child = new Child<never, FromLoad>('load.ts', args);
  if (onReady) void child.next('ready').then(onReady);
  const result = await child.next(cmd);
  await new Promise((r) => setTimeout(r, 50));
  child.kill();
  return result;
}

export async function login(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: ADMIN.username, password: ADMIN.password }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/**
 * req/s of findLastMsgList through the whole stack (auth, contract route, service, store)
 * against a bare route running the raw query; autocannon in a separate process, alternately.
 */
export async function httpFigure(
  o: { wxPort: number; rawPort: number; token: string; uins: string[]; rounds: number; seconds: number; connections: number },
  log: Log,
): Promise<Paired> {
  const [u1, u2] = o.uins;
  const wxPaths = ['status=1&page=1', 'isRoom=1&page=1', `status=1&uin=${u1}&page=1`, `isRoom=1&uin=${u2}&page=2`].map(
    (q) => `/wechat_api/message/findLastMsgList?${q}`,
  );
  const rawPaths = ['isRoom=0&page=1', 'isRoom=1&page=1', `isRoom=0&uin=${u1}&page=1`, `isRoom=1&uin=${u2}&page=2`].map(
    (q) => `/recent?${q}`,
  );
  const run = async (side: 'wx' | 'raw', seconds: number) => {
    const r = await load(
      side === 'wx'
        ? {
            mode: 'http',
            url: `http://127.0.0.1:${o.wxPort}`,
            paths: wxPaths,
            headers: { authorization: `Bearer ${o.token}` },
            connections: o.connections,
            seconds,
          }
        : { mode: 'http', url: `http://127.0.0.1:${o.rawPort}`, paths: rawPaths, headers: {}, connections: o.connections, seconds },
      'http',
    );
    if (r.non2xx || r.errors) log(`  WARNING http ${side}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
    return r.rps;
  };
  await run('wx', 1);
  await run('raw', 1);
  const out: Paired = { wx: [], raw: [] };
  for (let r = 0; r < o.rounds; r++) {
    for (const side of r % 2 === 0 ? (['raw', 'wx'] as const) : (['wx', 'raw'] as const)) out[side].push(await run(side, o.seconds));
    log(`  http round ${r + 1}: wxdesk ${out.wx.at(-1)!.toFixed(0)} req/s, raw ${out.raw.at(-1)!.toFixed(0)} req/s`);
  }
  return out;
}

/**
 * Deliveries/s to `clients` consoles: wxdesk's EventHub behind /api/v1/events, fed the
 * notifications ingest publishes for stored messages, against a bare ws server sending the
 * frames wxdesk sent (captured in the first round).
 */
export async function pushFigure(
  o: { wx: Server; wxPort: number; raw: Server; rawPort: number; token: string; items: PushItem[]; clients: number; rounds: number },
  log: Log,
): Promise<Paired> {
  let frames: string[] | undefined;
  const out: Paired = { wx: [], raw: [] };
  const run = async (side: 'wx' | 'raw') => {
    const server = side === 'wx' ? o.wx : o.raw;
    const expect = side === 'wx' ? o.items.length * 2 : frames!.length;
    const url = side === 'wx' ? `ws://127.0.0.1:${o.wxPort}/api/v1/events?token=${o.token}` : `ws://127.0.0.1:${o.rawPort}/`;
    const capture = side === 'wx' && !frames;
    const result = await load(
      { mode: 'ws', url, clients: o.clients, skipFirst: side === 'wx', expect, capture, timeoutMs: 120_000 },
      'ws',
      () => server.send(side === 'wx' ? { cmd: 'push', items: o.items } : { cmd: 'push', frames: frames! }),
    );
    await server.next('pushed');
    if (capture) frames = result.frames;
    if (result.delivered !== expect * o.clients || result.closed)
      log(`  WARNING push ${side}: ${result.delivered}/${expect * o.clients} delivered, ${result.closed} consoles closed`);
    return result.delivered / (result.ms / 1000);
  };
  for (let r = 0; r < o.rounds; r++) {
    for (const side of r % 2 === 0 ? (['wx', 'raw'] as const) : (['raw', 'wx'] as const)) out[side].push(await run(side));
    log(`  push round ${r + 1}: wxdesk ${out.wx.at(-1)!.toFixed(0)} events/s, raw ${out.raw.at(-1)!.toFixed(0)} events/s`);
  }
  return out;
}
