/**
 * The load generator, in its own process: autocannon for HTTP, or N WebSocket consoles that
 * count what they receive. Started per round by the driver; answers over IPC.
 */
import autocannon from 'autocannon';
import WebSocket from 'ws';

export type LoadArgs =
  | { mode: 'http'; url: string; paths: string[]; headers: Record<string, string>; connections: number; seconds: number }
  | { mode: 'ws'; url: string; clients: number; skipFirst: boolean; expect: number; capture: boolean; timeoutMs: number };

export type FromLoad =
  | { cmd: 'http'; rps: number; p99: number; total: number; non2xx: number; errors: number }
  | { cmd: 'ready' }
  | { cmd: 'ws'; delivered: number; ms: number; closed: number; frames?: string[] };

const send = (m: FromLoad) => process.send!(m);

async function http(a: Extract<LoadArgs, { mode: 'http' }>) {
  const res = await autocannon({
    url: a.url,
    connections: a.connections,
    duration: a.seconds,
    headers: a.headers,
    requests: a.paths.map((path) => ({ method: 'GET', path })),
  });
  send({ cmd: 'http', rps: res.requests.average, p99: res.latency.p99, total: res.requests.total, non2xx: res.non2xx, errors: res.errors });
}

async function ws(a: Extract<LoadArgs, { mode: 'ws' }>) {
  let delivered = 0;
  let closed = 0;
  let first = 0;
  let last = 0;
  let done = 0;
  const frames: string[] = [];
  const finish = () => send({ cmd: 'ws', delivered, ms: last - first, closed, ...(a.capture ? { frames } : {}) });
  const timer = setTimeout(finish, a.timeoutMs);
  const sockets = await Promise.all(
    Array.from({ length: a.clients }, (_, i) => {
      const socket = new WebSocket(a.url);
      let seen = 0;
      let skip = a.skipFirst;
      socket.on('message', (data) => {
        if (skip) {
          skip = false;
          return;
        }
        const t = performance.now();
        if (delivered++ === 0) first = t;
        last = t;
        // oxlint-disable-next-line typescript/no-base-to-string -- ws hands a text frame over as a Buffer, and String() decodes it as UTF-8
        if (a.capture && i === 0) frames.push(String(data));
        if (++seen === a.expect && ++done === a.clients) {
          clearTimeout(timer);
          finish();
        }
      });
      socket.on('close', () => closed++);
      return new Promise<WebSocket>((resolve, reject) => {
        socket.once('open', () => resolve(socket));
        socket.once('error', reject);
      });
    }),
  );
  // Let the hello frames arrive before the driver starts pushing.
  await new Promise((r) => setTimeout(r, 300));
  send({ cmd: 'ready' });
  process.once('disconnect', () => sockets.forEach((s) => s.terminate()));
}

const args = JSON.parse(process.argv[2]!) as LoadArgs;
await (args.mode === 'http' ? http(args) : ws(args));
