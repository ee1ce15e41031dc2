import type { FastifyInstance } from 'fastify';

/** The parts of a JSON schema (as the OpenAPI document renders TypeBox) the tests read. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
}

export interface DocParameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}

export interface DocOperation {
  tags?: string[];
  parameters?: DocParameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, unknown>;
}

/** One documented operation: `method` upper case, `path` as OpenAPI writes it (`/api/v1/contacts/{contactId}`). */
export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  path: string;
  op: DocOperation;
}

/** Every operation of the app's OpenAPI document (GET /docs/json): the route list tests walk. */
export async function documentedOperations(app: FastifyInstance): Promise<Operation[]> {
  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, DocOperation>> };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase() as Operation['method'], path, op })),
  );
}

export const routeKey = (o: { method: string; path: string }) => `${o.method} ${o.path}`;

/** The operation's JSON body schema, when it takes one. */
export const jsonBodyOf = (o: Operation): JsonSchema | undefined => o.op.requestBody?.content['application/json']?.schema;

/** The first type a schema names (`['string','null']` → string). */
export const typeOf = (s: JsonSchema): string | undefined => (Array.isArray(s.type) ? s.type[0] : s.type);

/** A small valid value for a documented schema, so that a request passes validation. */
export function sample(s: JsonSchema): unknown {
  if (s.default !== undefined) return s.default;
  if (s.enum) return s.enum[0];
  if (s.const !== undefined) return s.const;
  if (s.anyOf) return sample(s.anyOf[0]!);
  switch (typeOf(s)) {
    case 'object':
      return Object.fromEntries((s.required ?? []).map((k) => [k, sample(s.properties![k]!)]));
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, (_, i) => `wxid_${i}`);
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case undefined:
    default:
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
  }
}
