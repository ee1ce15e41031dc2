import { vi } from 'vitest';

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

type Answer =
  { status?: number; body?: unknown; contentType?: string } | ((call: Call) => { status?: number; body?: unknown; contentType?: string });

/**
 * Stubs fetch at the network boundary with a route table, "METHOD /path" (without /api/v1;
 * ":x" matches one segment). Unknown routes answer 404 problem details. Returns the calls.
 */
export function stubFetch(routes: Record<string, Answer>): Call[] {
  const calls: Call[] = [];
  const table = Object.entries(routes).map(([key, answer]) => {
    const [method, pattern] = key.split(' ') as [string, string];
    const re = new RegExp(`^${pattern.replace(/:[a-zA-Z]+/g, '[^/]+')}$`);
    return { method, re, answer };
  });
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const url = new URL(input, 'http://localhost');
      const path = url.pathname.replace(/^\/api\/v1/, '');
      const method = (init.method ?? 'GET').toUpperCase();
      let body: unknown = init.body;
      if (typeof init.body === 'string') body = JSON.parse(init.body);
      const call: Call = { method, path, query: url.searchParams, body };
      calls.push(call);
      const route = table.find((r) => r.method === method && r.re.test(path));
      const a = route
        ? typeof route.answer === 'function'
          ? route.answer(call)
          : route.answer
        : { status: 404, body: { title: 'Not Found', status: 404, detail: `接口不存在: ${method} ${path}`, code: 'route.not_found' } };
      const status = a.status ?? 200;
      const problem = status >= 400;
      return new Response(status === 204 || a.body === undefined ? null : JSON.stringify(a.body), {
        status,
        headers: { 'content-type': a.contentType ?? (problem ? 'application/problem+json' : 'application/json') },
      });
    }),
  );
  return calls;
}

export const problem = (status: number, code: string, detail: string, param?: string) => ({
  status,
  body: { type: `https://wxdesk.dev/problems/${code}`, title: code, status, detail, code, ...(param ? { param } : {}) },
});
