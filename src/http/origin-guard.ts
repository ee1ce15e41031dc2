import type { FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.js';

/**
 * The header the console sends on every call. A page of another origin cannot send it: a
 * custom header makes a cross-origin request need CORS, which wxdesk never grants, and no
 * link, form, image or redirect carries one. Other clients authenticate with
 * `Authorization: Bearer`, which no other page can send either.
 */
export const CONSOLE_HEADER = 'x-wxdesk-csrf';
export const CONSOLE_HEADER_VALUE = '1';

/** Where the console lives: PUBLIC_URL when set, else the origin the request was sent to. */
export interface OriginPolicy {
  /** PUBLIC_URL, normalised to an origin. */
  publicUrl?: string | undefined;
}

const header = (req: FastifyRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
};

function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/** The console's origin for this request: PUBLIC_URL, or the scheme and Host it was sent with. */
export function consoleOrigin(req: FastifyRequest, policy: OriginPolicy): string | undefined {
  if (policy.publicUrl) return policy.publicUrl;
  // A request without a socket (an injected WebSocket) has no protocol: plain http, as app.inject.
  const scheme = (req.protocol as string | undefined) ?? 'http';
  return req.host ? originOf(`${scheme}://${req.host}`) : undefined;
}

/**
 * Whether a browser sent this request from the console's own origin: `Sec-Fetch-Site` when
 * the browser sends it (same-origin, or none: typed or bookmarked), else `Origin`, else
 * `Referer` against the console's origin. Undefined when the request carries none of them:
 * not a browser, or one too old to say (the session cookie is SameSite=Strict for those).
 */
export function fromConsole(req: FastifyRequest, policy: OriginPolicy): boolean | undefined {
  const site = header(req, 'sec-fetch-site');
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  const claimed = header(req, 'origin') ?? header(req, 'referer');
  if (claimed === undefined) return undefined;
  const origin = originOf(claimed);
  return origin !== undefined && origin === consoleOrigin(req, policy);
}

const crossSite = (detail: string) => new AppError('request.cross_site', `拒绝跨站请求: ${detail}`);

/** Refuses a request a browser sent from another origin (another site, or another port of this host). */
export function refuseCrossSite(req: FastifyRequest, policy: OriginPolicy): void {
  if (fromConsole(req, policy) === false) throw crossSite('请求来自其他来源');
}

/**
 * A request authenticated by the session cookie: it must not come from another origin, and
 * one that changes state must also carry the console's header.
 */
export function assertConsoleRequest(req: FastifyRequest, policy: OriginPolicy, changesState: boolean): void {
  refuseCrossSite(req, policy);
  if (changesState && header(req, CONSOLE_HEADER) !== CONSOLE_HEADER_VALUE)
    throw crossSite(`用会话 Cookie 调用须带请求头 ${CONSOLE_HEADER}: ${CONSOLE_HEADER_VALUE}，其他客户端请用 Authorization: Bearer`);
}
