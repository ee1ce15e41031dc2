import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../core/caller.js';
import { AppError } from '../core/errors.js';

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

function tokenOf(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || undefined;
  return req.cookies?.[SESSION_COOKIE] || undefined;
}

function queryTokenOf(req: FastifyRequest): string | undefined {
  if (!req.routeOptions.config.tokenInQuery) return undefined;
  const token = (req.query as { token?: unknown } | undefined)?.token;
  return typeof token === 'string' ? token : undefined;
}

/** What the guard needs of the auth service: the HTTP edge names it, so it depends on no module. */
export interface Authenticator {
  authenticate(token: string): Promise<Caller | undefined>;
}

/** Resolves the caller from the bearer token or session cookie; 401 without one. */
export function requireCaller(auth: Authenticator) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const token = tokenOf(req) ?? queryTokenOf(req);
    const caller = token ? await auth.authenticate(token) : undefined;
    if (!caller) throw new AppError('auth.required');
    req.caller = caller;
    req.sessionToken = token;
  };
}

export function callerOf(req: FastifyRequest): Caller {
  if (!req.caller) throw new AppError('auth.required');
  return req.caller;
}
