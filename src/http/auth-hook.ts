import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../core/caller.js';
import { AppError } from '../core/errors.js';
import { assertConsoleRequest, type OriginPolicy } from './origin-guard.js';

export const SESSION_COOKIE = 'wxdesk_session';

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
    sessionToken?: string | undefined;
  }
  interface FastifyContextConfig {
    /**
     * The route also takes the session token as `?token=`: browsers cannot set headers on a
     * WebSocket. Only for sockets, since a token in a URL ends up in logs and histories.
     */
    tokenInQuery?: boolean;
  }
}

/** The session token and how it came: only the cookie is sent by a browser on its own. */
function tokenOf(req: FastifyRequest): { token: string; byCookie: boolean } | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const token = header.slice(7).trim();
    return token ? { token, byCookie: false } : undefined;
  }
  const cookie = req.cookies?.[SESSION_COOKIE];
  return cookie ? { token: cookie, byCookie: true } : undefined;
}

function queryTokenOf(req: FastifyRequest): { token: string; byCookie: false } | undefined {
  if (!req.routeOptions.config.tokenInQuery) return undefined;
  const token = (req.query as { token?: unknown } | undefined)?.token;
  return typeof token === 'string' ? { token, byCookie: false } : undefined;
}

/** What the guard needs of the auth service: the HTTP edge names it, so it depends on no module. */
export interface Authenticator {
  authenticate(token: string): Promise<Caller | undefined>;
}

export interface CallerGuardOptions extends OriginPolicy {
  /**
   * Whether a request of this scope changes state: a session-cookie request that does must
   * carry the console's header (origin-guard.ts).
   */
  changesState: (req: FastifyRequest) => boolean;
}

/**
 * Resolves the caller from the bearer token or session cookie; 401 without one. A cookie
 * comes with any request the browser sends, whichever page asked for it: a cookie request
 * must prove it comes from the console (403 otherwise). A bearer token proves that itself.
 */
export function requireCaller(auth: Authenticator, opts: CallerGuardOptions) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const found = tokenOf(req) ?? queryTokenOf(req);
    const caller = found ? await auth.authenticate(found.token) : undefined;
    if (!found || !caller) throw new AppError('auth.required');
    if (found.byCookie) assertConsoleRequest(req, opts, opts.changesState(req));
    req.caller = caller;
    req.sessionToken = found.token;
  };
}

/** /api/v1: every method but GET and HEAD changes state. */
export const unsafeMethod = (req: FastifyRequest) => req.method !== 'GET' && req.method !== 'HEAD';
/** /wechat_api: the contract acts on GET too (delMsgByOwnerId, doSave, …), so every call counts. */
export const everyCall = () => true;

export function callerOf(req: FastifyRequest): Caller {
  if (!req.caller) throw new AppError('auth.required');
  return req.caller;
}
