import { toEvent, ADMIN, AGENT, type Dataset } from './dataset.js';
import type { RawBaseline, Scope } from './raw-sql.js';
import { latencies, now, prng, quantile } from './stats.js';
import type { WxSide } from './wxdesk.js';

/** Per-round values of both sides: a figure's raw material. */
export interface Paired {
  wx: number[];
  raw: number[];
}

export type Log = (line: string) => void;

/** Alternates which side goes first, so warming caches and growing indexes favour neither. */
const orderOf = (round: number) => (round % 2 === 0 ? (['raw', 'wx'] as const) : (['wx', 'raw'] as const));

/**
 * Ingest msgs/s: the dataset in `chunks` slices; each slice goes into wxdesk (gateway events →
 * bus → ingest) and into the raw database, alternately first, so both write at the same size.
 */
export async function ingestFigure(ds: Dataset, wx: WxSide, raw: RawBaseline, chunks: number, log: Log): Promise<Paired> {
  const out: Paired = { wx: [], raw: [] };
  const size = Math.ceil(ds.length / chunks);
  for (let r = 0; r < chunks; r++) {
    const msgs = ds.messages(r * size, (r + 1) * size);
    const events = msgs.map(toEvent);
    for (const side of orderOf(r)) {
      const t = now();
      if (side === 'wx') await wx.ingest(events);
      else await raw.ingest(msgs);
      out[side].push(msgs.length / ((now() - t) / 1000));
    }
    log(
      `  ingest ${Math.min((r + 1) * size, ds.length)}/${ds.length}: wxdesk ${out.wx.at(-1)!.toFixed(0)}/s, raw ${out.raw.at(-1)!.toFixed(0)}/s`,
    );
  }
  return out;
}

export interface RecentSample {
  scope: Scope;
  page: number;
}

/** Administrator over every account, one account, and an agent over its five: pages 1–3. */
export function recentSamples(ds: Dataset, n: number): RecentSample[] {
  const rand = prng(42);
  return Array.from({ length: n }, (_, i) => {
    const kind = i % 3;
    const scope: Scope =
      kind === 0
        ? { kind: 'all' }
        : kind === 1
          ? { kind: 'uin', uin: ds.accounts[Math.floor(rand() * ds.accounts.length)]!.uin }
          : { kind: 'operator', id: AGENT.id };
    return { scope, page: 1 + Math.floor(rand() * 3) };
  });
}

const callerOf = (scope: Scope) =>
  scope.kind === 'operator'
    ? { id: AGENT.id, username: AGENT.username, role: AGENT.role }
    : { id: ADMIN.id, username: ADMIN.username, role: ADMIN.role };

/** p99 (ms) of the recent list, wxdesk's service against the hand-written query, alternately. */
export async function recentFigure(
  wx: WxSide,
  raw: RawBaseline,
  isRoom: boolean,
  samples: RecentSample[],
  rounds: number,
  log: Log,
): Promise<Paired> {
  const runWx = (s: RecentSample) => wx.recent(callerOf(s.scope), isRoom, s.scope, s.page, 20);
  const runRaw = (s: RecentSample) => raw.recent({ isRoom, scope: s.scope, page: s.page, pageSize: 20 });
  await check(
    `recent ${isRoom ? 'groups' : 'single'}`,
    samples.slice(0, 6),
    runWx,
    runRaw,
    (v) => v.map((c) => c.contact.id),
    (rows) => rows.map((r) => (r as { contact_id: number }).contact_id),
    log,
  );
  return alternate(samples, rounds, runWx, runRaw, `recent ${isRoom ? 'groups' : 'single'}`, log);
}

export interface HistorySample {
  contactId: number;
  before: number;
}

/** p99 (ms) of a 50-message history page before a cursor message. */
export async function historyFigure(wx: WxSide, raw: RawBaseline, samples: HistorySample[], rounds: number, log: Log): Promise<Paired> {
  const caller = callerOf({ kind: 'all' });
  const runWx = (s: HistorySample) => wx.history(caller, s.contactId, s.before, 50);
  const runRaw = (s: HistorySample) => raw.history(s.contactId, s.before, 50);
  await check(
    'history',
    samples.slice(0, 6),
    runWx,
    runRaw,
    (v) => v.map((m) => m.id),
    (rows) => rows.map((r) => Number((r as { id: number }).id)),
    log,
  );
  return alternate(samples, rounds, runWx, runRaw, 'history', log);
}

async function alternate<S>(
  samples: S[],
  rounds: number,
  runWx: (s: S) => Promise<unknown>,
  runRaw: (s: S) => Promise<unknown>,
  name: string,
  log: Log,
): Promise<Paired> {
  const out: Paired = { wx: [], raw: [] };
  // Warm both sides once (statement caches, page cache, JIT) before anything counts.
  await latencies(samples.slice(0, 100), runWx);
  await latencies(samples.slice(0, 100), runRaw);
  for (let r = 0; r < rounds; r++) {
    for (const side of orderOf(r)) out[side].push(quantile(await latencies(samples, side === 'wx' ? runWx : runRaw), 0.99));
    log(`  ${name} round ${r + 1}: p99 wxdesk ${out.wx.at(-1)!.toFixed(3)} ms, raw ${out.raw.at(-1)!.toFixed(3)} ms`);
  }
  return out;
}

/** Both sides must answer the same rows, or their times say nothing about each other. */
async function check<S, A, B>(
  name: string,
  samples: S[],
  runWx: (s: S) => Promise<A>,
  runRaw: (s: S) => Promise<B>,
  keyWx: (a: A) => number[],
  keyRaw: (b: B) => number[],
  log: Log,
) {
  for (const s of samples) {
    const a = keyWx(await runWx(s)).join(',');
    const b = keyRaw(await runRaw(s)).join(',');
    if (a !== b) log(`  WARNING ${name}: wxdesk and raw answer different rows for ${JSON.stringify(s)}:\n    ${a}\n    ${b}`);
  }
}
