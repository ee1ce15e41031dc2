import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../helpers/system.js';

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  minimum?: number;
  minLength?: number;
  minItems?: number;
}

interface DocOperation {
  parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, unknown>;
}

/** A small valid value for a documented schema, so that a request passes validation. */
function sample(s: JsonSchema): unknown {
  if (s.enum) return s.enum[0];
  if (s.anyOf) return sample(s.anyOf[0]!);
  switch (s.type) {
    case 'object':
      return Object.fromEntries((s.required ?? []).map((k) => [k, sample(s.properties![k]!)]));
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, (_, i) => `wxid_${i}`);
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string':
    case 'null':
    case undefined:
    default:
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
  }
}

describe('the HTTP edge', () => {
  let sys: TestSystem;
  let doc: { paths: Record<string, Record<string, DocOperation>> };
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ method, path, op })));
  beforeAll(async () => {
    sys = await startTestSystem();
    doc = (await sys.running.app!.inject({ method: 'GET', url: '/docs/json' })).json();
  });
  afterAll(() => sys?.close());

  it('answers a valid request without a caller with 401 on every /api/v1 route but login', async () => {
    const guarded = operations().filter((o) => o.path.startsWith('/api/v1/') && o.path !== '/api/v1/auth/login');
    expect(guarded.length).toBeGreaterThan(30);
    for (const { method, path, op } of guarded) {
      const params = op.parameters ?? [];
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => String(sample(params.find((p) => p.name === name)!.schema)));
      const query = Object.fromEntries(params.filter((p) => p.in === 'query' && p.required).map((p) => [p.name, String(sample(p.schema))]));
      const body = op.requestBody?.content['application/json']?.schema;
      const r = await sys.running.app!.inject({
        method: method.toUpperCase() as 'GET',
        url,
        query,
        headers: { authorization: 'Bearer nope' },
        ...(body ? { payload: sample(body) as object } : {}),
      });
      expect(r.statusCode, `${method} ${path}: ${r.body}`).toBe(401);
    }
  });

  it('declares the success answer of every route', () => {
    for (const { method, path, op } of operations()) {
      const declared = Object.keys(op.responses).filter((code) => /^[123]/.test(code));
      expect(declared, `${method} ${path}`).not.toHaveLength(0);
    }
  });
});
