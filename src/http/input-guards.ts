import type { TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalidParam } from '../core/errors.js';

/**
 * Checks every route's input gets beyond its schema, on /api/v1 and /wechat_api alike: one
 * value where the schema has one, and only finite numbers. Registered on the root instance,
 * so no route can miss them.
 */
export function inputGuards(app: FastifyInstance): void {
  app.addHook('preValidation', rejectArraysForScalars);
  app.addHook('preHandler', rejectNonFiniteNumbers);
}

/** Whether a parameter's schema takes an array (or anything); every other parameter is one value. */
export function acceptsArray(schema: TSchema): boolean {
  const s = schema as { type?: unknown; anyOf?: TSchema[]; oneOf?: TSchema[] };
  if (s.anyOf || s.oneOf) return [...(s.anyOf ?? []), ...(s.oneOf ?? [])].some(acceptsArray);
  return s.type === undefined || s.type === 'array' || (Array.isArray(s.type) && s.type.includes('array'));
}

/**
 * A JSON array where the schema has a scalar, or a query key given twice, is refused naming
 * the field: Ajv (coerceTypes 'array') would take an array of one as its element, and which
 * of several values was meant is not guessed.
 */
export async function rejectArraysForScalars(req: FastifyRequest): Promise<void> {
  const schema = req.routeOptions.schema;
  if (!schema) return;
  for (const [input, part] of [
    [req.query, schema.querystring],
    [req.body, schema.body],
  ] as const) {
    const properties = (part as { properties?: Record<string, TSchema> } | undefined)?.properties;
    if (!properties || !input || typeof input !== 'object' || Array.isArray(input)) continue;
    for (const [key, about] of Object.entries(properties))
      if (Array.isArray((input as Record<string, unknown>)[key]) && !acceptsArray(about)) throw invalidParam(key, '只能有一个值');
  }
}

/**
 * Every number a route is given is finite. Ajv coerces `1e309`, `-1e309` or `Infinity` in a
 * query string, a path or a JSON string to ±Infinity and then skips `minimum` and `maximum`
 * (its number keywords only look at finite numbers), so without this an infinite page or
 * id would reach a service and the store (SQLite: "datatype mismatch"). Runs after
 * validation, on what the handler would get, and names the field.
 */
export async function rejectNonFiniteNumbers(req: FastifyRequest): Promise<void> {
  for (const input of [req.params, req.query, req.body]) {
    const field = nonFiniteField(input, '', 0);
    if (field !== undefined) throw invalidParam(field || 'body', '超出数值范围');
  }
}

/** The top-level field whose value (at any depth) is a non-finite number; '' when the value itself is one. */
function nonFiniteField(v: unknown, field: string, depth: number): string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : field;
  if (!v || typeof v !== 'object' || depth > 32 || Buffer.isBuffer(v)) return undefined;
  for (const [key, item] of Object.entries(v)) {
    const found = nonFiniteField(item, depth === 0 ? key : field, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
