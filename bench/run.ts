/**
 * `npm run bench [-- --quick]`: wxdesk beside the raw limit of this machine, same data, same
 * run, alternately over rounds. DATABASE_URL=postgres://… runs the store figures on PostgreSQL.
 * BENCH_CPU_PROF=<dir> writes CPU profiles of the servers (and, run under --cpu-prof, of this).
 */
import path from 'node:path';
import { sql } from 'kysely';
import { Dataset, FULL, QUICK } from './dataset.js';
import { historyFigure, ingestFigure, recentFigure, recentSamples, type HistorySample, type Log } from './figures.js';
import { RawPg } from './raw-pg.js';
import type { RawBaseline } from './raw-sql.js';
import { RawSqlite } from './raw-sqlite.js';
import { httpFigure, login, pushFigure, startServer, type Server } from './remote.js';
import { loadSampler, machine, ratioFigure, table, updateBenchmarksMd, valueFigure, writeJson, type BenchResult } from './report.js';
import type { PushItem } from './server.js';
import { createDatabases, passwordHashes, seedBase, type DbTarget } from './setup.js';
import { prng } from './stats.js';
import { WxSide } from './wxdesk.js';

const quick = process.argv.includes('--quick');
const size = quick ? QUICK : FULL;
const root = path.resolve(import.meta.dirname, '..');
const log: Log = (line) => console.log(line);
const started = performance.now();
const stopLoad = loadSampler();

const openRaw = (t: DbTarget, keywords: string[]): Promise<RawBaseline> =>
  t.url.startsWith('postgres')
    ? RawPg.open(t.url, t.schema!, keywords)
    : Promise.resolve(new RawSqlite(t.url.replace(/^sqlite:/, ''), keywords));

log(
  `wxdesk bench (${size.name}): ${size.messages.toLocaleString('en')} messages, ${size.accounts} accounts × ${size.convsPerAccount} conversations, ${size.rounds} rounds`,
);
const ds = new Dataset(size);
const dbs = await createDatabases(process.env.DATABASE_URL);
log(`store: ${dbs.dialect}${dbs.wx.schema ? ` (schemas ${dbs.wx.schema}, ${dbs.raw.schema})` : ` (${dbs.dir})`}`);
const servers: Server[] = [];
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    log(`\n${signal}: stopping servers and dropping the bench databases`);
    void cleanUp().finally(() => process.exit(130));
  });
let wx: WxSide | undefined;
let raw: RawBaseline | undefined;
let result: BenchResult;
try {
  const hashes = await passwordHashes();
  await seedBase(dbs.wx, ds, hashes);
  await seedBase(dbs.raw, ds, hashes);
  wx = await WxSide.start(dbs.wx, dbs.dir);
  const db = wx.running.store.db;
  const version =
    dbs.dialect === 'sqlite'
      ? (await sql<{ v: string }>`select 'SQLite ' || sqlite_version() as v`.execute(db)).rows[0]!.v
      : `PostgreSQL ${(await sql<{ v: string }>`select current_setting('server_version') as v`.execute(db)).rows[0]!.v}`;

  log('ingest: gateway events → bus → ingest (stored, conversation, keywords, notifications) vs raw inserts');
  raw = await openRaw(dbs.raw, ds.keywords);
  const ingest = await ingestFigure(ds, wx, raw, quick ? 4 : 10, log);
  await raw.close();
  await sameStore(dbs, wx);
  if (dbs.dialect === 'postgres') {
    // A store that just took a million rows has no statistics yet and every updated
    // conversation left a dead row: what autovacuum does within minutes in service, done now.
    log('  vacuum analyze (PostgreSQL)');
    await sql`vacuum analyze conversations, messages, contacts, accounts, operator_accounts, keyword_hits`.execute(db);
  }

  // Queries: both sides read wxdesk's store, so they read the very same data and pages.
  raw = await openRaw(dbs.wx, ds.keywords);
  const n = quick ? 300 : 2000;
  log('recent conversations, server side (p99 ms)');
  const single = await recentFigure(wx, raw, false, recentSamples(ds, n), size.rounds, log);
  const groups = await recentFigure(wx, raw, true, recentSamples(ds, n), size.rounds, log);
  const picks = await randomMessages(wx, n, 7);
  log('message history page of 50 before a cursor (p99 ms)');
  const history = await historyFigure(
    wx,
    raw,
    picks.map((m) => ({ contactId: m.contactId, before: m.messageId }) satisfies HistorySample),
    size.rounds,
    log,
  );
  const items = (await randomMessages(wx, quick ? 200 : 1000, 11)).map((m) => m satisfies PushItem);
  await raw.close();
  raw = undefined;
  await wx.stop();
  wx = undefined;

  log('servers: wxdesk (all roles), bare Fastify with the raw query, bare ws');
  const wxs = await startServer({ mode: 'wx', target: dbs.wx, dataDir: dbs.dir });
  const rawHttp = await startServer({ mode: 'raw-http', target: dbs.wx, dataDir: dbs.dir });
  const rawWs = await startServer({ mode: 'raw-ws', target: dbs.wx, dataDir: dbs.dir });
  servers.push(wxs.server, rawHttp.server, rawWs.server);
  const token = await login(wxs.port);
  log('recent conversations over HTTP (req/s), findLastMsgList vs bare route, 10 connections');
  const http = await httpFigure(
    {
      wxPort: wxs.port,
      rawPort: rawHttp.port,
      token,
      uins: [ds.accounts[0]!.uin, ds.accounts[1]!.uin],
      rounds: size.rounds,
      seconds: quick ? 2 : 10,
      connections: 10,
    },
    log,
  );
  log('live push to 100 consoles (deliveries/s)');
  const push = await pushFigure(
    { wx: wxs.server, wxPort: wxs.port, raw: rawWs.server, rawPort: rawWs.port, token, items, clients: 100, rounds: size.rounds },
    log,
  );
  wxs.server.send({ cmd: 'memory' });
  const memory = await wxs.server.next('memory');

  result = {
    when: new Date().toISOString(),
    size: size.name,
    dialect: dbs.dialect,
    dataset: `${size.messages.toLocaleString('en')} messages, ${size.accounts} accounts × ${size.convsPerAccount} conversations (20% groups), 50 keywords`,
    durationSec: (performance.now() - started) / 1000,
    machine: machine(stopLoad(), version),
    figures: [
      ratioFigure('ingest', 'msgs/s', ingest, { kind: 'ratio-min', value: 0.8 }),
      ratioFigure('recent single, service p99', 'ms', single, { kind: 'ratio-max', value: 2 }),
      ratioFigure('recent groups, service p99', 'ms', groups, { kind: 'ratio-max', value: 2 }),
      ratioFigure('recent over HTTP', 'req/s', http, { kind: 'ratio-min', value: 0.7 }),
      ratioFigure('history page p99', 'ms', history, { kind: 'ratio-max', value: 2 }),
      ratioFigure('live push, 100 consoles', 'events/s', push, { kind: 'ratio-min', value: 0.7 }),
      valueFigure('server peak RSS', 'MB', [memory.peakMb], 400),
    ],
  };
} finally {
  await cleanUp();
}

/** Servers stopped and databases dropped, at the end or when interrupted. */
async function cleanUp() {
  for (const s of servers.splice(0)) await s.stop();
  await raw?.close();
  raw = undefined;
  await wx?.stop();
  wx = undefined;
  await dbs.drop();
}

console.log(`\n${table(result)}\n`);
console.log(`JSON: ${path.relative(root, writeJson(path.join(root, 'bench/results'), result))}`);
if (!quick) {
  updateBenchmarksMd(path.join(root, 'BENCHMARKS.md'), result);
  console.log('BENCHMARKS.md updated');
}

/** Messages picked uniformly, so busy conversations come up as often as they are written to. */
async function randomMessages(side: WxSide, count: number, seed: number): Promise<PushItem[]> {
  const db = side.running.store.db;
  const max = Number(
    (
      await db
        .selectFrom('messages')
        .select((eb) => eb.fn.max('id').as('m'))
        .executeTakeFirstOrThrow()
    ).m,
  );
  const rand = prng(seed);
  const ids = Array.from({ length: count }, () => 1 + Math.floor(rand() * max));
  const rows = await db
    .selectFrom('messages as m')
    .innerJoin('accounts as a', 'a.id', 'm.account_id')
    .innerJoin('contacts as c', 'c.id', 'm.contact_id')
    .select(['m.id', 'm.account_id', 'a.uin', 'm.contact_id', 'c.is_room'])
    .where('m.id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ accountId: r.account_id, uin: r.uin, contactId: r.contact_id, messageId: r.id, isRoom: r.is_room === 1 }] : [];
  });
}

/** Both ingest paths must have stored the same thing, or the ingest ratio compares different work. */
async function sameStore(d: { raw: DbTarget }, side: WxSide) {
  const count = async (db: typeof side.running.store.db) => {
    const one = async (t: 'messages' | 'conversations' | 'keyword_hits') =>
      Number(
        (
          await db
            .selectFrom(t)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const unread = Number(
      (
        await db
          .selectFrom('conversations')
          .select((eb) => eb.fn.sum('unread').as('u'))
          .executeTakeFirstOrThrow()
      ).u,
    );
    return `messages ${await one('messages')}, conversations ${await one('conversations')}, keyword hits ${await one('keyword_hits')}, unread ${unread}`;
  };
  const { openStore } = await import('../src/adapters/db/database.js');
  const rawStore = openStore(d.raw.url, d.raw.schema ? { schema: d.raw.schema } : {});
  const [a, b] = [await count(side.running.store.db), await count(rawStore.db)];
  await rawStore.close();
  log(a === b ? `  stored alike: ${a}` : `  WARNING stores differ:\n    wxdesk ${a}\n    raw    ${b}`);
}
