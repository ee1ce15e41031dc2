import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** How long browsers keep to https once told (HSTS): a year. */
const HSTS_SECONDS = 365 * 86_400;

/**
 * The security headers of every answer (@fastify/helmet). The console is a Vite build served
 * from `/`: its scripts and styles are files of its own origin (React sets styles through the
 * DOM, which CSP does not restrict); images come from /media and /avatars, from `data:` (QR
 * codes), `blob:` (an image shown while it uploads) and https (real WeChat avatars are on
 * WeChat's CDN); its one socket goes to its own origin. No page may frame it. `https://` in
 * PUBLIC_URL turns on HSTS and upgrade-insecure-requests; on plain http they would break it.
 */
export function helmetOptions(publicUrl?: string): FastifyHelmetOptions {
  const https = publicUrl?.startsWith('https://') ?? false;
  const socketOrigin = publicUrl ? publicUrl.replace(/^http/, 'ws') : undefined;
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'base-uri': ["'self'"],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:', 'blob:', 'https:'],
        'font-src': ["'self'", 'data:'],
        // 'self' covers ws(s) to the same host in CSP 3; the public origin is named for the rest.
        'connect-src': ["'self'", ...(socketOrigin ? [socketOrigin] : [])],
        'object-src': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        ...(https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: https ? { maxAge: HSTS_SECONDS, includeSubDomains: false } : false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
  };
}

/** Public files a contract client on another origin may show (Cross-Origin-Resource-Policy: cross-origin). */
const EMBEDDABLE_PREFIXES = ['/media/', '/avatars/'];

/** Every answer that passes the hooks gets the security headers; see BARE_SECURITY_HEADERS for the rest. */
export async function registerSecurityHeaders(app: FastifyInstance, publicUrl?: string): Promise<void> {
  await app.register(helmet, helmetOptions(publicUrl));
  app.addHook('onRequest', async (req, reply) => {
    if (EMBEDDABLE_PREFIXES.some((p) => req.url.startsWith(p))) reply.header('cross-origin-resource-policy', 'cross-origin');
  });
}

/**
 * The headers of answers that never reach the hooks (a URL the router cannot read, a request
 * Node's HTTP parser refuses): an error body needs no more than this.
 */
export const BARE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'same-origin',
};
