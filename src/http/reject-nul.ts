import type { FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.js';

/**
 * No WeChat name, wxid or message holds U+0000, and PostgreSQL text cannot store or even
 * compare one: a request carrying it is refused up front, naming the field, on every route.
 */
export async function rejectNulBytes(req: FastifyRequest): Promise<void> {
  // A wildcard ('*': static files) is a path, not a field; the file server answers for it.
  const { '*': _path, ...params } = (req.params ?? {}) as Record<string, unknown>;
  for (const source of [req.query, params, req.body]) {
    const field = fieldWithNul(source, '', 0);
    if (field !== undefined) throw new AppError('param.invalid', `参数 ${field || 'body'} 不能包含空字符`, field || undefined);
  }
}

/** The top-level field whose value (at any depth) holds a NUL; '' when the value itself is one. */
function fieldWithNul(v: unknown, field: string, depth: number): string | undefined {
  if (typeof v === 'string') return v.includes('\u0000') ? field : undefined;
  if (!v || typeof v !== 'object' || depth > 32 || Buffer.isBuffer(v)) return undefined;
  for (const [key, item] of Object.entries(v)) {
    const found = fieldWithNul(item, depth === 0 ? key : field, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
