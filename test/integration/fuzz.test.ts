import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, eventually, sleep, type Mode } from '../helpers/contract.js';
import {
  badContentType,
  badJsonText,
  badValue,
  formOf,
  jsonOf,
  RawJson,
  segmentOf,
  unknownKey,
  unknownValue,
  type Entries,
} from '../helpers/fuzz.js';
import { Client, type Reply } from '../helpers/http.js';
import { documentedOperations, jsonBodyOf, routeKey, sample, type JsonSchema, type Operation } from '../helpers/openapi.js';
import { ADMIN_PASSWORD, startTestSystem, type TestSystem } from '../helpers/system.js';
import { friendsOf, worldFacts } from '../helpers/world.js';
import { storeSnapshot } from '../helpers/store-snapshot.js';

/**
 * Property-based: bad input generated from each route's own schema (the OpenAPI document of
 * the app: every /api/v1 operation, and every /wechat_api call with its parameters) is
 * answered without a 5xx, in the API's own error shape, and a refused request changes
 * nothing in the store. Seeded and bounded: FUZZ_RUNS requests in all (spread over the
 * routes), FUZZ_SEED to replay another sequence; a failure prints the case, its seed and path.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_517);

type Facts = Awaited<ReturnType<typeof worldFacts>>[number];

let sys: TestSystem;
let app: FastifyInstance;
let admin: Client;
let one: Facts;
let friends: Facts['friend'][];
/** A member of one.room who is not the account; a room of account 1 that a quit may leave. */
let member: string;
let spareRoom: Facts['room'];
let agentId: number;
let jobId: number;
let keywordId: number;
let operations: Operation[];
/** The store's checksum after the last accepted request. */
let baseline: string;
const counts = { requests: 0, refused: 0, accepted: 0, routerRefusals: 0 };

/** Every data table's rows, order-independent. */
const checksum = (): Promise<string> => storeSnapshot(sys.running.store.db);

/** The checksum once background work (simulated replies, sync steps) has stopped changing the store. */
async function stableChecksum(): Promise<string> {
  let before = await checksum();
  for (let i = 0; i < 100; i++) {
    await sys.settle();
    await sleep(30);
    const after = await checksum();
    if (after === before) return after;
    before = after;
  }
  throw new Error('the store never settled');
}

/**
 * After an accepted request (a mutation that left the request valid): let its effects land,
 * and undo what would stop the rest of the run, a logged-out session or account. A read that
 * changed nothing once the bus is idle is done at once.
 */
async function afterAccepted(method: string): Promise<void> {
  await sys.bus.idle();
  if (method === 'GET' && (await checksum()) === baseline) return;
  await sys.settle();
  if ((await admin.get('/api/v1/auth/me')).status === 401) {
    const s = await sys.running.services.auth.login('admin', ADMIN_PASSWORD, '127.0.0.1');
    admin = new Client(app, s.token, s.operator);
  }
  const offline = await sys.running.store.db.selectFrom('accounts').select('uin').where('status', '=', 0).execute();
  for (const { uin } of offline) await admin.post(`/api/v1/accounts/${uin}/login`);
  if (offline.length)
    await eventually(sys, async () => {
      const still = await sys.running.store.db.selectFrom('accounts').select('uin').where('status', '=', 0).execute();
      expect(still).toEqual([]);
    });
  baseline = await stableChecksum();
}

const TRACE = [/^\s*at\s/m, /\bat\s+\S+\s+\(?\S*:\d+:\d+\)?/, /node_modules/, /\/work\/|file:\/\/|\/src\/\S+\.ts/];

/** Never a 5xx; the API's own error shape; a refused request leaves the store as it was. */
async function exercise(label: string, req: InjectOptions, opts: { storedFile?: string } = {}): Promise<Reply> {
  const r = await admin.request(req);
  counts.requests++;
  const ctx = `${label}\n→ ${r.status} ${r.raw.slice(0, 300)}`;
  expect(r.status, ctx).toBeLessThan(500);
  for (const t of TRACE) expect(r.raw, ctx).not.toMatch(t);
  // oxlint-disable-next-line typescript/no-base-to-string -- every url here is a string
  const url = String(req.url);
  if (r.status >= 400) {
    counts.refused++;
    // A path segment longer than the router's maxParamLength: refused by the router, rendered by the one renderer.
    if (r.status === 414) counts.routerRefusals++;
    if (url.startsWith('/wechat_api/')) {
      expect(String(r.headers['content-type']), ctx).toMatch(/^application\/json/);
      expect(Object.keys(r.body ?? {}).sort(), ctx).toEqual(['code', 'msg']);
      expect(r.body.code, ctx).toBe(r.status);
      expect(r.body.msg, ctx).toMatch(/[\u4e00-\u9fff]/);
    } else {
      expect(String(r.headers['content-type']), ctx).toMatch(/^application\/problem\+json/);
      expect(r.body, ctx).toMatchObject({
        status: r.status,
        code: expect.any(String),
        title: expect.any(String),
        detail: expect.stringMatching(/[\u4e00-\u9fff]/),
      });
    }
    await sys.bus.idle();
    expect(await checksum(), `${ctx}\na refused request changed the store`).toBe(baseline);
    if (opts.storedFile) expect(fs.existsSync(opts.storedFile), `${ctx}\na refused upload was stored`).toBe(false);
  } else {
    counts.accepted++;
    await afterAccepted(req.method ?? 'GET');
  }
  return r;
}

/** A field of a route: where it travels, its schema and whether it is required. */
interface Field {
  where: 'path' | 'query' | 'body';
  name: string;
  schema: JsonSchema;
  required: boolean;
}

type Mutation =
  | { kind: 'value'; field: number; value: unknown }
  | { kind: 'missing'; field: number }
  | { kind: 'unknown'; where: 'query' | 'body'; key: string; value: unknown }
  | { kind: 'rawBody'; payload: string }
  | { kind: 'contentType'; contentType: string };

/** One or two mutations of a valid request, drawn from the route's fields. */
function mutationsOf(fields: Field[]): fc.Arbitrary<Mutation[]> {
  const optional = fields.map((f, i) => [f, i] as const).filter(([f]) => f.required && f.where !== 'path');
  const choices: fc.WeightedArbitrary<Mutation>[] = [
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('query' as const, 'body' as const), unknownKey, unknownValue)
        .map(([where, key, value]) => ({ kind: 'unknown' as const, where, key, value })),
    },
    { weight: 1, arbitrary: badJsonText.map((payload) => ({ kind: 'rawBody' as const, payload })) },
    { weight: 1, arbitrary: badContentType.map((contentType) => ({ kind: 'contentType' as const, contentType })) },
  ];
  if (fields.length)
    choices.push({
      weight: 6,
      arbitrary: fc
        .nat({ max: fields.length - 1 })
        .chain((i) => badValue(fields[i]!.schema).map((value) => ({ kind: 'value' as const, field: i, value }))),
    });
  if (optional.length)
    choices.push({
      weight: 1,
      arbitrary: fc.constantFrom(...optional.map(([, i]) => i)).map((field) => ({ kind: 'missing' as const, field })),
    });
  // Reported by what they do (values cut short), not as the raw objects: some hold 100 KB strings.
  return fc
    .array(fc.oneof(...choices), { minLength: 1, maxLength: 2 })
    .map((ms) => Object.defineProperty(ms, fc.toStringMethod, { value: () => describeMutations(ms, fields) }));
}

/** A request as drafted: path values, query and body entries, or a raw body. */
interface Draft {
  path: Record<string, unknown>;
  query: Entries;
  body: Entries | undefined;
  raw?: string;
  contentType?: string;
}

function applyMutations(fields: Field[], draft: Draft, mutations: Mutation[]): Draft {
  const d: Draft = { ...draft, path: { ...draft.path }, query: [...draft.query], body: draft.body && [...draft.body] };
  const set = (list: Entries, name: string, value: unknown) => {
    const i = list.findIndex(([k]) => k === name);
    if (i >= 0) list[i] = [name, value];
    else list.push([name, value]);
  };
  for (const m of mutations) {
    switch (m.kind) {
      case 'value': {
        const f = fields[m.field]!;
        if (f.where === 'path') d.path[f.name] = m.value;
        else if (f.where === 'query') set(d.query, f.name, m.value);
        else set((d.body ??= []), f.name, m.value);
        break;
      }
      case 'missing': {
        const f = fields[m.field]!;
        if (f.where === 'query') d.query = d.query.filter(([k]) => k !== f.name);
        else if (d.body) d.body = d.body.filter(([k]) => k !== f.name);
        break;
      }
      case 'unknown':
        if (m.where === 'query') d.query.push([m.key, m.value]);
        else (d.body ??= []).push([m.key, m.value]);
        break;
      case 'rawBody':
        d.raw = m.payload;
        break;
      case 'contentType':
        d.contentType = m.contentType;
        d.body ??= [];
        break;
    }
  }
  return d;
}

function describeMutations(mutations: Mutation[], fields: Field[]): string {
  return mutations
    .map((m) => {
      const f = 'field' in m ? fields[m.field] : undefined;
      const shown = (v: unknown) => {
        const s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v as never));
        return s.length > 120 ? `${s.slice(0, 120)}… (${s.length} chars)` : s;
      };
      switch (m.kind) {
        case 'value':
          return `${f!.where} ${f!.name} = ${m.value instanceof RawJson ? m.value.toString() : shown(m.value)}`;
        case 'missing':
          return `without ${f!.where} ${f!.name}`;
        case 'unknown':
          return `unknown ${m.where} ${JSON.stringify(m.key)} = ${shown(m.value)}`;
        case 'rawBody':
          return `body ${shown(m.payload)}`;
        case 'contentType':
          return `content-type ${JSON.stringify(m.contentType)}`;
      }
    })
    .join('; ');
}

/** Valid values of the world for the parameters routes name, so mutated requests reach the services. */
function knownV1(o: Operation, f: Field): unknown {
  const p = o.path;
  switch (`${f.where}:${f.name}`) {
    case 'path:uin':
    case 'body:uin':
      return one.account.uin;
    case 'path:contactId':
      return p.endsWith('/quit') ? spareRoom.id : p.includes('/rooms/') ? one.room.id : friends[0]!.id;
    case 'path:userName':
      return member;
    case 'path:id':
      return p.startsWith('/api/v1/operators') ? agentId : p.startsWith('/api/v1/jobs') ? jobId : keywordId;
    case 'query:q':
      return p.endsWith('/search') ? friends[0]!.user_name : undefined;
    case 'body:from':
      return friends[0]!.user_name;
    case 'body:text':
      return '模糊测试';
    case 'body:members':
      return [friends[1]!.user_name, friends[2]!.user_name];
    case 'body:topic':
      return '模糊测试群';
    case 'body:keyword':
      return '模糊测试词';
    case 'body:content':
      return '模糊测试公告';
    case 'body:username':
      return p.endsWith('/login') ? 'admin' : 'fuzz_operator';
    case 'body:password':
      return p.endsWith('/login') ? ADMIN_PASSWORD : 'secret-123';
    case 'body:role':
      return 'agent';
    case 'body:uins':
      return [];
    case 'body:userName':
      return friends[3]!.user_name;
    case 'body:ticket':
      return 'v4_fuzz';
    case 'body:setting':
      return 1;
    case 'body:kind':
      return 'failNextSend';
    default:
      return undefined;
  }
}

function knownContract(call: string, name: string): unknown {
  const room = call === 'deleteChatRoom' ? spareRoom.user_name : one.room.user_name;
  switch (name) {
    case 'uin':
      return one.account.uin;
    case 'userName':
      if (call === 'getMember' || call === 'getMemberHeadImg') return one.account.user_name;
      if (call === 'ipadGetMemberDetail' || call === 'addChatRoomContactAndRecord') return member;
      if (call === 'createChatRoom') return `${friends[1]!.user_name},${friends[2]!.user_name}`;
      return friends[0]!.user_name;
    case 'charRoomId':
    case 'chatRoomId':
    case 'chatRoomName':
      return room;
    case 'ownerId':
      return friends[0]!.id;
    case 'contactId':
      return one.room.id;
    case 'wechatUserName':
      return one.account.user_name;
    case 'wechatContactUserName':
      return friends[0]!.user_name;
    case 'keyword':
      return '模糊测试词';
    case 'topic':
      return '模糊测试群';
    case 'content':
      return '模糊测试公告';
    case 'type':
      return 'wxid';
    default:
      return undefined;
  }
}

const fieldsOf = (o: Operation): Field[] => [
  ...(o.op.parameters ?? [])
    .filter((p) => p.in === 'path' || p.in === 'query')
    .map((p) => ({ where: p.in as 'path' | 'query', name: p.name, schema: p.schema, required: !!p.required })),
  ...Object.entries(jsonBodyOf(o)?.properties ?? {}).map(([name, schema]) => ({
    where: 'body' as const,
    name,
    schema,
    required: jsonBodyOf(o)?.required?.includes(name) ?? false,
  })),
];

/**
 * The /api/v1 operations, by key: tests are collected before the document is read, so each
 * finds its operation by key, and a test checks this list is the document's.
 */
const V1_KEYS: string[] = [
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  'GET /api/v1/auth/me',
  'GET /api/v1/operators',
  'POST /api/v1/operators',
  'PUT /api/v1/operators/{id}/accounts',
  'PUT /api/v1/operators/{id}',
  'GET /api/v1/accounts',
  'POST /api/v1/accounts',
  'GET /api/v1/accounts/{uin}/contacts',
  'POST /api/v1/accounts/{uin}/rooms',
  'POST /api/v1/accounts/{uin}/login',
  'POST /api/v1/accounts/{uin}/logout',
  'GET /api/v1/conversations',
  'POST /api/v1/conversations/{contactId}/read',
  'GET /api/v1/conversations/{contactId}/messages',
  'POST /api/v1/conversations/{contactId}/messages',
  'POST /api/v1/conversations/{contactId}/images',
  'GET /api/v1/contacts/{contactId}',
  'PUT /api/v1/contacts/{contactId}/setting',
  'POST /api/v1/contacts/{contactId}/refresh',
  'DELETE /api/v1/contacts/{contactId}/messages',
  'GET /api/v1/rooms/{contactId}',
  'GET /api/v1/rooms/{contactId}/members',
  'GET /api/v1/rooms/{contactId}/members/{userName}',
  'PUT /api/v1/rooms/{contactId}/announcement',
  'POST /api/v1/rooms/{contactId}/quit',
  'GET /api/v1/accounts/{uin}/search',
  'GET /api/v1/accounts/{uin}/friend-requests',
  'POST /api/v1/accounts/{uin}/friend-requests',
  'POST /api/v1/rooms/{contactId}/members/{userName}/friend-request',
  'POST /api/v1/accounts/{uin}/sync',
  'GET /api/v1/accounts/{uin}/jobs',
  'GET /api/v1/jobs/{id}',
  'GET /api/v1/keywords',
  'POST /api/v1/keywords',
  'DELETE /api/v1/keywords/{id}',
  'GET /api/v1/keywords/hits',
  'POST /api/v1/simulator/inbound',
  'POST /api/v1/simulator/faults',
];
/** The contract's paths (findLastMsgList's two variants share one). */
const CONTRACT_PATHS = [...new Set(contract.calls.map((c) => c.path))];
const ROUTES = CONTRACT_PATHS.length + V1_KEYS.length;

/** Runs per route: FUZZ_RUNS spread over every route fuzzed, at least 3 each. */
const runsPer = (routes: number) => Math.max(3, Math.ceil(RUNS / Math.max(1, routes)));
const timeoutFor = (runs: number) => 30_000 + runs * 1_500;
const fcOptions = (runs: number, salt: number) => ({ numRuns: runs, seed: SEED + salt, endOnFailure: true });

/** Stable per route, so a route's cases do not depend on which routes exist before it. */
const saltOf = (key: string) => createHash('sha1').update(key).digest().readUInt32BE(0) % 1_000_000;

beforeAll(async () => {
  sys = await startTestSystem();
  app = sys.running.app!;
  admin = await Client.login(app);
  one = (await worldFacts(sys))[0]!;
  friends = (await friendsOf(sys, one.account.id)).slice(0, 4);
  member = (await sys.running.store.db.selectFrom('room_members').select('user_name').where('room_id', '=', one.room.id).execute())
    .map((m) => m.user_name)
    .find((u) => u !== one.account.user_name)!;
  spareRoom = one.rooms.at(-1)!;
  expect(spareRoom.id).not.toBe(one.room.id);
  for (const text of ['你好', '在吗'])
    expect((await admin.post('/api/v1/simulator/inbound', { uin: one.account.uin, from: friends[0]!.user_name, text })).status).toBe(202);
  expect(
    (await admin.post('/api/v1/simulator/inbound', { uin: one.account.uin, from: member, room: one.room.user_name, text: '大家好' }))
      .status,
  ).toBe(202);
  agentId = (await admin.post('/api/v1/operators', { username: 'fuzz_agent', password: 'secret-123', role: 'agent' })).body.id;
  keywordId = (await admin.post('/api/v1/keywords', { keyword: '已有关键词' })).body.id;
  jobId = (await admin.post(`/api/v1/accounts/${one.account.uin}/sync`)).body.job.id;
  operations = await documentedOperations(app);
  baseline = await stableChecksum();
});

afterAll(async () => {
  if (counts.requests)
    console.info(
      `fuzz: ${counts.requests} requests (${counts.refused} refused, ${counts.routerRefusals} of them 414 by the router; ${counts.accepted} accepted), seed ${SEED}`,
    );
  await sys?.close();
});

describe('the route list', () => {
  it('has every documented contract call and the /api/v1 operations', () => {
    const paths = new Set(operations.map((o) => o.path));
    for (const c of contract.calls) expect(paths, c.name).toContain(c.path);
    expect(operations.filter((o) => o.path.startsWith('/api/v1/')).length).toBeGreaterThan(35);
  });
});

describe('/wechat_api: bad parameters, bodies and content types', () => {
  const MODES: Mode[] = ['get', 'post-query', 'post-json', 'post-form'];
  const runs = runsPer(ROUTES);
  for (const url of CONTRACT_PATHS) {
    const call = url.split('/').pop()!;
    it(`${call}`, { timeout: timeoutFor(runs) }, async () => {
      const op = operations.find((o) => o.path === url && o.method === 'GET')!;
      expect(op, `${url} is documented`).toBeDefined();
      const fields = fieldsOf(op);
      expect(fields.length, `${url} documents its parameters`).toBeGreaterThan(0);
      const valid: Entries = fields.filter((f) => f.required).map((f) => [f.name, knownContract(call, f.name) ?? sample(f.schema)]);
      await fc.assert(
        fc.asyncProperty(mutationsOf(fields), fc.constantFrom(...MODES), async (mutations, mode) => {
          const d = applyMutations(fields, { path: {}, query: valid, body: undefined }, mutations);
          // The contract's parameters are one list, sent as the mode says; a raw body or content type goes beside the query.
          const entries = [...d.query, ...(d.body ?? [])];
          let req: InjectOptions;
          if (d.raw !== undefined || d.contentType !== undefined)
            req = {
              method: 'POST',
              url: `${url}?${formOf(entries)}`,
              payload: d.raw ?? jsonOf([]),
              headers: { 'content-type': d.contentType ?? 'application/json' },
            };
          else if (mode === 'get' || mode === 'post-query')
            req = { method: mode === 'get' ? 'GET' : 'POST', url: `${url}?${formOf(entries)}` };
          else if (mode === 'post-json')
            req = { method: 'POST', url, payload: jsonOf(entries), headers: { 'content-type': 'application/json' } };
          else req = { method: 'POST', url, payload: formOf(entries), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
          await exercise(`${call} (${mode}): ${describeMutations(mutations, fields)}`, req);
        }),
        fcOptions(runs, saltOf(url)),
      );
    });
  }
});

describe('/api/v1: bad parameters, bodies and content types', () => {
  const runs = runsPer(ROUTES);

  it('fuzzes every /api/v1 operation of the document (a new one is added to the list above)', () => {
    const documented = operations.filter((o) => o.path.startsWith('/api/v1/')).map(routeKey);
    expect([...documented].sort()).toEqual([...V1_KEYS].sort());
  });

  for (const key of V1_KEYS.filter((k) => !k.endsWith('/images'))) {
    it(key, { timeout: timeoutFor(runs) }, async () => {
      const o = operations.find((x) => routeKey(x) === key)!;
      expect(o, `${key} is documented`).toBeDefined();
      const fields = fieldsOf(o);
      const valueOf = (f: Field) => knownV1(o, f) ?? sample(f.schema);
      const draft: Draft = {
        path: Object.fromEntries(fields.filter((f) => f.where === 'path').map((f) => [f.name, valueOf(f)])),
        query: fields.filter((f) => f.where === 'query' && f.required).map((f) => [f.name, valueOf(f)]),
        body: jsonBodyOf(o) ? fields.filter((f) => f.where === 'body' && f.required).map((f) => [f.name, valueOf(f)]) : undefined,
      };
      await fc.assert(
        fc.asyncProperty(mutationsOf(fields), async (mutations) => {
          const d = applyMutations(fields, draft, mutations);
          const url = o.path.replace(/\{(\w+)\}/g, (_, name: string) => segmentOf(d.path[name]));
          const qs = formOf(d.query);
          const payload = d.raw ?? (d.body ? jsonOf(d.body) : undefined);
          const req: InjectOptions = {
            method: o.method,
            url: qs ? `${url}?${qs}` : url,
            ...(payload !== undefined ? { payload, headers: { 'content-type': d.contentType ?? 'application/json' } } : {}),
          };
          await exercise(`${key}: ${describeMutations(mutations, fields)}`, req);
        }),
        fcOptions(runs, saltOf(key)),
      );
    });
  }

  it('POST /api/v1/conversations/{contactId}/images', { timeout: timeoutFor(runs) }, async () => {
    const B = 'fuzzBoundary';
    const part = (name: string, value: string | Buffer, filename?: string) =>
      Buffer.concat([
        Buffer.from(
          `--${B}\r\nContent-Disposition: form-data; name="${name}"${filename !== undefined ? `; filename="${filename}"\r\nContent-Type: image/png` : ''}\r\n\r\n`,
        ),
        Buffer.isBuffer(value) ? value : Buffer.from(value),
        Buffer.from('\r\n'),
      ]);
    const end = Buffer.from(`--${B}--\r\n`);
    const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    type Upload =
      | { kind: 'noFile' | 'notImage' | 'emptyFile' | 'twoFiles' | 'garbageHeaders' }
      | { kind: 'fields'; n: number }
      | { kind: 'contentType'; contentType: string }
      | { kind: 'truncate'; cut: number }
      | { kind: 'tokenId' | 'filename' | 'fieldName'; text: string }
      | { kind: 'contactId'; value: unknown };
    const o = operations.find((x) => routeKey(x) === 'POST /api/v1/conversations/{contactId}/images')!;
    const contactIdSchema = o.op.parameters!.find((p) => p.name === 'contactId')!.schema;
    const text = fc.oneof(
      fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })).map(([a, b]) => `${a}\u0000${b}`),
      fc.nat({ max: 300 }).map((n) => 't'.repeat(129 + n)),
      fc.constantFrom('../../etc/passwd', 'a\r\nb.png', '', '"', '__proto__', '𠮷.png'),
      fc.string({ unit: 'binary', maxLength: 30 }),
    );
    const upload: fc.Arbitrary<Upload> = fc.oneof(
      fc.constantFrom<Upload>(
        { kind: 'noFile' },
        { kind: 'notImage' },
        { kind: 'emptyFile' },
        { kind: 'twoFiles' },
        { kind: 'garbageHeaders' },
      ),
      fc.integer({ min: 5, max: 12 }).map((n) => ({ kind: 'fields' as const, n })),
      fc
        .constantFrom(
          'multipart/form-data',
          'multipart/form-data; boundary=',
          'multipart/form-data; boundary=other',
          'multipart/mixed; boundary=fuzzBoundary',
          'application/json',
          'text/plain',
        )
        .map((contentType) => ({ kind: 'contentType' as const, contentType })),
      fc.nat().map((cut) => ({ kind: 'truncate' as const, cut })),
      fc
        .tuple(fc.constantFrom('tokenId' as const, 'filename' as const, 'fieldName' as const), text)
        .map(([kind, t]) => ({ kind, text: t })),
      badValue(contactIdSchema).map((value) => ({ kind: 'contactId' as const, value })),
    );
    await fc.assert(
      fc.asyncProperty(upload, async (u) => {
        // A PNG no one has sent: media are stored under their content hash, so a refused one must not be there.
        const png = Buffer.concat([PNG_HEAD, randomBytes(24)]);
        const stored = path.join(
          sys.running.services.media.directory,
          `${createHash('sha256').update(png).digest('hex').slice(0, 32)}.png`,
        );
        let contentType = `multipart/form-data; boundary=${B}`;
        let contactId: unknown = friends[0]!.id;
        const parts: Buffer[] = [];
        switch (u.kind) {
          case 'noFile':
            parts.push(part('tokenId', 'x'));
            break;
          case 'notImage':
            parts.push(part('file', Buffer.from('<svg onload=alert(1)>'), 'x.png'));
            break;
          case 'emptyFile':
            parts.push(part('file', Buffer.alloc(0), 'x.png'));
            break;
          case 'twoFiles':
            parts.push(part('file', png, 'a.png'), part('file2', png, 'b.png'));
            break;
          case 'garbageHeaders':
            parts.push(Buffer.from(`--${B}\r\nContent-Disposition\r\n\r\n\r\n`), part('file', png, 'x.png'));
            break;
          case 'fields':
            for (let i = 0; i < u.n; i++) parts.push(part(`f${i}`, `v${i}`));
            parts.push(part('file', png, 'x.png'));
            break;
          case 'contentType':
            contentType = u.contentType;
            parts.push(part('file', png, 'x.png'));
            break;
          case 'truncate':
            parts.push(part('file', png, 'x.png'));
            break;
          case 'tokenId':
            parts.push(part('tokenId', u.text), part('file', png, 'x.png'));
            break;
          case 'filename':
            parts.push(part('file', png, u.text));
            break;
          case 'fieldName':
            parts.push(part(u.text, 'v'), part('file', png, 'x.png'));
            break;
          case 'contactId':
            contactId = u.value;
            parts.push(part('file', png, 'x.png'));
            break;
        }
        let payload = Buffer.concat([...parts, end]);
        if (u.kind === 'truncate') payload = payload.subarray(0, u.cut % payload.length);
        await exercise(
          `images: ${JSON.stringify(u).slice(0, 200)}`,
          {
            method: 'POST',
            url: `/api/v1/conversations/${segmentOf(contactId)}/images`,
            payload,
            headers: { 'content-type': contentType },
          },
          { storedFile: stored },
        );
      }),
      fcOptions(runs, saltOf('images')),
    );
  });
});
