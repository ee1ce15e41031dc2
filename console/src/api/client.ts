import type { Problem } from './types';

export const API_BASE = '/api/v1';

/**
 * Sent on every call: the server refuses a session-cookie request that changes state without
 * it (no other site can send it), so a link or form elsewhere cannot act as the operator.
 */
export const CONSOLE_HEADERS: Readonly<Record<string, string>> = { 'x-wxdesk-csrf': '1' };

/** An /api/v1 error: the problem details the server answered, or a network failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly param: string | undefined;

  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail || problem.title;
    this.param = problem.param;
  }
}

/** What to show a person for anything thrown by a call. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.detail;
  if (err instanceof Error && err.message) return err.message;
  return '操作失败，请稍后重试';
}

const FALLBACK_TEXT: Record<number, string> = {
  400: '请求参数不正确',
  401: '登录已失效，请重新登录',
  403: '没有权限执行此操作',
  404: '请求的内容不存在',
  409: '操作冲突，请刷新后重试',
  413: '文件过大',
  429: '操作过于频繁，请稍后再试',
};

/** Turns a failed response into an ApiError, whether or not it carries problem details. */
export async function problemOf(res: Response): Promise<ApiError> {
  let body: Partial<Problem> | undefined;
  try {
    const text = await res.text();
    body = text ? (JSON.parse(text) as Partial<Problem>) : undefined;
  } catch {
    body = undefined;
  }
  const fallback = FALLBACK_TEXT[res.status] ?? (res.status >= 500 ? '服务器出错了，请稍后重试' : `请求失败 (${res.status})`);
  return new ApiError({
    status: typeof body?.status === 'number' ? body.status : res.status,
    title: typeof body?.title === 'string' ? body.title : fallback,
    detail: typeof body?.detail === 'string' && body.detail ? body.detail : fallback,
    code: typeof body?.code === 'string' ? body.code : `http.${res.status}`,
    ...(typeof body?.param === 'string' ? { param: body.param } : {}),
  });
}

let unauthorized: (() => void) | null = null;

/** Called on any 401 (the session ended): the app goes back to the login page. */
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorized = handler;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  /** JSON body, or FormData for uploads. */
  body?: unknown;
  signal?: AbortSignal;
  /** A 401 here is an answer (wrong password), not the end of a session. */
  expectUnauthorized?: boolean;
}

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

/** One call to /api/v1 with the session cookie; resolves to the JSON answer (undefined for 204). */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...CONSOLE_HEADERS };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError({ status: 0, title: '网络错误', detail: '无法连接服务器，请检查网络', code: 'network' });
  }
  if (!res.ok) {
    const error = await problemOf(res);
    if (res.status === 401 && !opts.expectUnauthorized) unauthorized?.();
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
