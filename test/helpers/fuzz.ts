import fc from 'fast-check';
import { typeOf, type JsonSchema } from './openapi.js';

/**
 * Bad input generated from a route's own schema, for the property-based suite: wrong types,
 * huge, negative and non-finite numbers, overlong strings, NUL bytes, arrays and objects
 * for scalars, bad JSON and wrong content types. Requests are drafted as entry lists (so a
 * key may repeat and `__proto__` is only ever data) and serialised at the end.
 */

/** A number written as raw JSON text: `1e309` parses as Infinity, which JSON.stringify cannot write. */
export class RawJson {
  constructor(readonly text: string) {}
  toString() {
    return `RawJson(${this.text})`;
  }
}

export type Entries = [string, unknown][];

const NON_FINITE = ['1e309', '-1e309', 'Infinity', '-Infinity', '+Infinity', 'NaN', '1e400', '-1e999'];
const NOT_INTEGERS = [
  '1.5',
  '1e3',
  '0x10',
  '１',
  '1_000',
  '1 OR 1=1',
  '-0',
  '00001',
  ' 1 ',
  '',
  ' ',
  'true',
  '9007199254740993',
  '99999999999999999999',
];
const NASTY_TEXT = [
  "' OR 1=1 --",
  '"; DROP TABLE messages; --',
  '%',
  '_',
  '\\',
  '../../../etc/passwd',
  'a b',
  'a,b',
  '@chatroom',
  'x@chatroom.evil',
  '\u202e\u200b',
  '𠮷野家😀',
  '<script>alert(1)</script>',
  '{"$gt":""}',
  '__proto__',
  'constructor',
  '\r\nX-Injected: 1',
];
const STRUCTURES: unknown[] = [null, true, false, [], ['a', 'b'], [1], [[]], {}, { $gt: '' }, { a: { b: [1, { c: 2 }] } }, [{ $ne: null }]];

/** A JSON value nested `depth` levels deep. */
const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) });

const withNul = fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })).map(([a, b]) => `${a}\u0000${b}`);
const anyText = fc.string({ unit: 'binary', maxLength: 40 });

/** Values wrong for any schema, or nearly: structures, NULs, blanks, injection strings. */
const anyBad: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...STRUCTURES),
  withNul,
  fc.constantFrom('', ' ', '\t\n', '\u3000'),
  fc.constantFrom(...NASTY_TEXT),
  anyText,
  fc.constant(nested(40)),
  fc.integer(),
  fc.double(),
);

/** A bad value for a field with this schema: mostly wrong for its own type, sometimes wrong for any. */
export function badValue(s: JsonSchema): fc.Arbitrary<unknown> {
  const own: fc.Arbitrary<unknown>[] = [];
  const type = typeOf(s) ?? (s.anyOf ? typeOf(s.anyOf[0]!) : undefined);
  switch (type) {
    case 'integer':
    case 'number': {
      const max = s.maximum ?? 2 ** 31;
      const min = s.minimum ?? 0;
      own.push(
        fc.constantFrom(...NON_FINITE),
        fc.constantFrom('1e309', '-1e309').map((t) => new RawJson(t)),
        fc.constantFrom(...NOT_INTEGERS),
        fc.integer({ min: 1, max: 1e9 }).map((n) => max + n),
        fc.integer({ min: 1, max: 1e9 }).map((n) => min - n),
        fc.double({ noNaN: true }).filter((d) => !Number.isInteger(d)),
        fc.bigInt({ min: 2n ** 53n, max: 10n ** 40n }).map(String),
        anyText,
      );
      break;
    }
    case 'string': {
      const max = s.maxLength ?? 10_000;
      own.push(
        fc.nat({ max: 64 }).map((n) => 'x'.repeat(max + 1 + n)),
        fc.constant('y'.repeat(100_000)),
        withNul,
        fc.constantFrom(...NASTY_TEXT),
        fc.string({ unit: 'grapheme', maxLength: 30 }),
        fc.integer(),
      );
      break;
    }
    case 'array':
      own.push(
        fc.string({ maxLength: 10 }),
        fc.array(anyBad, { minLength: 1, maxLength: 3 }),
        fc.nat({ max: 3 }).map((n) => Array.from({ length: (s.maxItems ?? 1000) + 1 + n }, (_, i) => `wxid_${i}`)),
        fc.constant({ 0: 'wxid_a', length: 1 }),
      );
      break;
    case 'boolean':
      own.push(fc.constantFrom('yes', 2, 'on', ''));
      break;
    case 'object':
      own.push(fc.constantFrom('x', 1, [], [{}]));
      break;
    case undefined:
    default:
      break;
  }
  if (s.enum || s.const !== undefined || s.anyOf) own.push(fc.string({ maxLength: 12 }));
  if (own.length === 0) return anyBad;
  return fc.oneof({ arbitrary: fc.oneof(...own), weight: 3 }, { arbitrary: anyBad, weight: 1 });
}

/** Names a client has no business sending: prototype keys, operators, paths. */
export const unknownKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '$where', 'a[b]', 'a.b', 'token', ''),
  fc.string({ minLength: 1, maxLength: 12 }),
);
export const unknownValue: fc.Arbitrary<unknown> = fc.oneof(anyBad, fc.jsonValue({ maxDepth: 3 }));

/** Bodies that are not JSON, or not the object a route takes. */
export const badJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '{',
    '{"a":',
    '{"a": 1,}',
    "{'a': 1}",
    'nul',
    'tru',
    '[1,2',
    '{"a":1} trailing',
    '\u0000',
    '',
    ' ',
    '{"__proto__":{"polluted":1}}',
    '{"constructor":{"prototype":{"polluted":1}}}',
    '"just a string"',
    '42',
    'null',
    '[]',
    '[{}]',
    '{"a":1e309}',
    '\ufeff{}',
  ),
  fc.string({ maxLength: 60 }),
  fc.integer({ min: 100, max: 5000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 100, max: 5000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  fc.tuple(fc.json(), fc.nat()).map(([j, k]) => j.slice(0, Math.max(0, j.length - 1 - (k % Math.max(1, j.length))))),
);

/** Content types a JSON (or form) route does not take, or takes only by name. */
export const badContentType: fc.Arbitrary<string> = fc.constantFrom(
  'text/plain',
  'application/xml',
  'multipart/form-data',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'application/json; charset=utf-16',
  'application/json;;;',
  'a/b/c',
  'application/x-www-form-urlencoded',
  '*/*',
  'application/jsonx',
  'text/html; charset=utf-8',
);

/** JSON text of an entry list: keys may repeat, `__proto__` stays a key, RawJson goes in verbatim. */
export function jsonOf(entries: Entries): string {
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${jsonValueOf(v)}`).join(',')}}`;
}

function jsonValueOf(v: unknown): string {
  if (v instanceof RawJson) return v.text;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number' && !Number.isFinite(v)) return v > 0 ? '1e309' : v < 0 ? '-1e309' : 'null';
  if (Array.isArray(v)) return `[${v.map(jsonValueOf).join(',')}]`;
  if (v && typeof v === 'object') return jsonOf(Object.entries(v));
  return JSON.stringify(v) ?? 'null';
}

/** One value as query or form text: arrays repeat the key, objects go as JSON. */
function textsOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap((item) => (Array.isArray(item) ? [JSON.stringify(item)] : textsOf(item)));
  if (v instanceof RawJson) return [v.text];
  if (v && typeof v === 'object') return [JSON.stringify(v)];
  return [String(v)];
}

/** Query or form text of an entry list. */
export function formOf(entries: Entries): string {
  const out = new URLSearchParams();
  for (const [k, v] of entries) for (const t of textsOf(v)) out.append(k, t);
  return out.toString();
}

/** A path segment for a value (arrays and objects as their text). */
export const segmentOf = (v: unknown): string => encodeURIComponent(textsOf(v).join(','));
