import type { FastifyRequest } from 'fastify';
import { invalidParam } from '../core/errors.js';

/**
 * Every number a route is given is finite. Ajv coerces `1e309`, `-1e309` or `Infinity` in a
 * query string, a path or a JSON string to ±Infinity and then skips `minimum` and `maximum`
 * (its number keywords only look at finite numbers), so without this an infinite page or
 * id would reach a service and the store (SQLite: "datatype mismatch"). Runs after
 * validation, on what the handler would get, and names the field.
 */
export async function rejectNonFiniteNumbers(req: FastifyRequest): Promise<void> {
  for (const source of [req.params, req.query, req.body]) {
    const field = nonFiniteField(source, '', 0);
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
