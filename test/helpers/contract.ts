import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { expect, vi } from 'vitest';
import type { Client, Reply } from './http.js';
import type { TestSystem } from './system.js';

/**
 * The documented /wechat_api contract as data (paths, parameters, success messages, shapes),
 * a copy of shared/contract/wechat_api.json kept in test/fixtures (with the seed it was derived
 * from), unless WXDESK_CONTRACT names another copy.
 */
export const CONTRACT_FILE =
  process.env.WXDESK_CONTRACT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/wechat_api.json');

export interface ContractCall {
  name: string;
  method: string;
  path: string;
  when?: string;
  params: Record<string, string>;
  success: string | Record<string, unknown>;
  note?: string;
}

interface ContractFile {
  calls: ContractCall[];
  shapes: Record<string, Record<string, string>>;
}

export const contract: ContractFile = JSON.parse(fs.readFileSync(CONTRACT_FILE, 'utf8'));

/** The documented calls by name (e.g. `findLastMsgList (group chats)`, `getMember`). */
export function callOf(name: string): ContractCall {
  const found = contract.calls.find((c) => c.name === name);
  if (!found) throw new Error(`no documented call named ${name}`);
  return found;
}

/** The seed's exact success message of a call that answers in the envelope. */
export function successMsg(name: string): string {
  const s = callOf(name).success;
  if (typeof s !== 'object' || typeof s.msg !== 'string') throw new Error(`${name} answers without an envelope`);
  return s.msg;
}

/** How the parameters travel: the query string of a GET or POST, a JSON body, or a form body. */
export type Mode = 'get' | 'post-query' | 'post-json' | 'post-form';
export const MODES: readonly Mode[] = ['get', 'post-query', 'post-json', 'post-form'];

export type Params = Record<string, unknown>;

// oxlint-disable-next-line typescript/no-base-to-string -- objects went to JSON.stringify just before; only primitives reach String()
const asText = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));
const asTextRecord = (p: Params): Record<string, string> => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, asText(v)]));

/** Calls a documented call at the path the contract names, with its parameters sent as `mode` says. */
export function call(client: Client, name: string, params: Params, mode: Mode = 'get'): Promise<Reply> {
  const url = callOf(name).path;
  return client.request(requestFor(url, params, mode));
}

export function requestFor(url: string, params: Params, mode: Mode): InjectOptions {
  switch (mode) {
    case 'get':
      return { method: 'GET', url, query: asTextRecord(params) };
    case 'post-query':
      return { method: 'POST', url, query: asTextRecord(params) };
    case 'post-json':
      return {
        method: 'POST',
        url,
        payload: params as NonNullable<InjectOptions['payload']>,
        headers: { 'content-type': 'application/json' },
      };
    case 'post-form':
      return {
        method: 'POST',
        url,
        payload: new URLSearchParams(asTextRecord(params)).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      };
  }
}

/** The exact success envelope without data: `{code:200,msg}` and nothing else. */
export function expectOk(r: Reply, name: string): void {
  expect(r.status, r.raw).toBe(200);
  expect(String(r.headers['content-type'])).toMatch(/^application\/json/);
  expect(r.body).toStrictEqual({ code: 200, msg: successMsg(name) });
}

/** The success envelope with data: exactly `code`, `msg`, `data`; answers `data`. */
export function expectOkData(r: Reply, name: string): any {
  expect(r.status, r.raw).toBe(200);
  expect(String(r.headers['content-type'])).toMatch(/^application\/json/);
  expect(Object.keys(r.body ?? {}).sort()).toEqual(['code', 'data', 'msg']);
  expect(r.body.code).toBe(200);
  expect(r.body.msg).toBe(successMsg(name));
  return r.body.data;
}

/** The contract's error envelope: `{code:<status>,msg:<Chinese text>}`, naming the parameter when given. */
export function expectError(r: Reply, status: number, param?: string): void {
  expect(r.status, r.raw).toBe(status);
  expect(Object.keys(r.body ?? {}).sort()).toEqual(['code', 'msg']);
  expect(r.body.code).toBe(status);
  expect(r.body.msg).toMatch(/[\u4e00-\u9fff]/);
  if (param) expect(r.body.msg).toContain(param);
  expect(r.raw).not.toMatch(/\bat .+\.(ts|js):\d+/); // never a stack trace
}

/** Each parameter the contract marks required, left out in turn, is a 400 naming it. */
export async function expectRequiredParams(client: Client, name: string, valid: Params): Promise<void> {
  const required = Object.entries(callOf(name).params)
    .filter(([, about]) => /\brequired\b/.test(about))
    .map(([p]) => p);
  expect(required.length).toBeGreaterThan(0);
  for (const p of required) {
    const { [p]: _dropped, ...rest } = valid;
    expectError(await call(client, name, rest), 400, p);
  }
}

/** Without a session the call is refused with the 401 envelope, for GET and POST alike. */
export async function expectNeedsLogin(app: FastifyInstance, name: string): Promise<void> {
  const url = callOf(name).path;
  for (const method of ['GET', 'POST'] as const) {
    const r = await app.inject({ method, url });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ code: 401, msg: expect.any(String) });
  }
}

/** `YYYY-MM-DD HH:mm:ss` in Asia/Shanghai (UTC+8, no daylight saving since 1991). */
export function shanghai(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const MEDIA_TYPES = new Set([3, 34, 43, 49]);

/**
 * Checks every field of a shape of wechat_api.json is present with its documented JSON type,
 * following `json-str of X` into X. Media-only fields of lastMsg are present exactly for media.
 */
export function expectShape(value: unknown, shape: string, where: string = shape): void {
  const fields = contract.shapes[shape];
  if (!fields) throw new Error(`no shape ${shape}`);
  expect(value, `${where} is an object`).toBeTypeOf('object');
  expect(value, `${where} is not null`).not.toBeNull();
  expect(Array.isArray(value), `${where} is not an array`).toBe(false);
  const obj = value as Record<string, unknown>;
  const isMedia = shape === 'lastMsg' && MEDIA_TYPES.has(obj.msgType as number);
  for (const [field, spec] of Object.entries(fields)) {
    const at = `${where}.${field}`;
    if (/media only/.test(spec)) {
      if (!isMedia) {
        expect(Object.hasOwn(obj, field), `${at} only on media messages`).toBe(false);
        continue;
      }
    }
    expect(Object.hasOwn(obj, field), `${at} present`).toBe(true);
    expectType(obj[field], spec, at);
  }
}

function expectType(v: unknown, spec: string, at: string): void {
  const json = /^json-str of (\w+)/.exec(spec);
  if (json) {
    expect(v, `${at} is a JSON string`).toBeTypeOf('string');
    expectShape(JSON.parse(v as string), json[1]!, at);
    return;
  }
  if (spec === 'null') {
    expect(v, at).toBeNull();
    return;
  }
  if (spec.startsWith('null|')) {
    if (v === null) return;
    return expectType(v, spec.slice(5), at);
  }
  if (spec.startsWith('int')) {
    expect(Number.isInteger(v), `${at} is an integer (got ${JSON.stringify(v)})`).toBe(true);
    // "int 0|1", "int 0 pending, 1 sent, 2 failed": one of the listed values.
    const head = spec.split(':')[0]!;
    const allowed = [...head.matchAll(/\b(\d+)\b/g)].map((m) => Number(m[1]));
    if (allowed.length) expect(allowed, `${at} one of ${allowed.join(',')}`).toContain(v);
    return;
  }
  if (spec.startsWith('ms')) {
    expect(Number.isInteger(v), `${at} is epoch ms`).toBe(true);
    expect(v as number, `${at} is epoch ms`).toBeGreaterThan(1e12);
    expect(v as number, `${at} is epoch ms`).toBeLessThan(1e13);
    return;
  }
  if (spec.startsWith('datetime')) {
    expect(v, at).toBeTypeOf('string');
    expect(v as string, at).toMatch(DATETIME);
    return;
  }
  if (spec.startsWith('str')) {
    expect(v, `${at} is a string`).toBeTypeOf('string');
    if (spec.startsWith("str '0'..'3'")) expect(['0', '1', '2', '3'], at).toContain(v);
    if (spec.startsWith('str ending @chatroom')) expect(v as string, at).toMatch(/@chatroom$/);
    return;
  }
  throw new Error(`unknown type ${spec} at ${at}`);
}

/** A conversation item (single or room): its shape, and times that agree with each other. */
export function expectConversation(item: any, shape: 'conversation' | 'room_conversation'): { lastMsg: any; wechatUser: any } {
  expectShape(item, shape);
  const lastMsg = JSON.parse(item.lastMsg);
  const wechatUser = JSON.parse(lastMsg.wechatUser);
  expect(item.createTime).toBe(shanghai(item.time));
  expect(lastMsg.createTime).toBe(item.time);
  expect(lastMsg.uin).toBe(item.uin);
  expect(item.wechatUserUin).toBe(item.uin);
  expect(wechatUser.uin).toBe(item.uin);
  expect(wechatUser.userName).toBe(item.wechatUserName);
  expect(wechatUser.wechatUserId).toBe(item.wechatUserId);
  return { lastMsg, wechatUser };
}

/** Polls `check` (after letting the bus settle) until it passes: for outcomes that arrive after a delay. */
export async function eventually<T>(sys: TestSystem, check: () => Promise<T>, timeout = 5000): Promise<T> {
  return vi.waitFor(
    async () => {
      await sys.settle();
      return check();
    },
    { timeout, interval: 20 },
  );
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
