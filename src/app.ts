import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { wechatApiRoutes } from './compat/wechat-api/index.js';
import { AppError } from './core/errors.js';
import { everyCall, requireCaller, unsafeMethod } from './http/auth-hook.js';
import { clientErrorHandler } from './http/client-error.js';
import { renderError } from './http/error-renderer.js';
import { inputGuards } from './http/input-guards.js';
import { rejectNulBytes } from './http/reject-nul.js';
import { BARE_SECURITY_HEADERS, registerSecurityHeaders } from './http/security-headers.js';
import { refuseWhileStopping } from './http/stopping.js';
import { accountLoginRoutes } from './modules/accounts/account-login.routes.js';
import { accountRoutes } from './modules/accounts/accounts.routes.js';
import { loginRoutes, sessionRoutes } from './modules/auth/auth.routes.js';
import { operatorRoutes } from './modules/auth/operators.routes.js';
import { contactRoutes } from './modules/contacts/contacts.routes.js';
import { conversationRoutes } from './modules/conversations/conversations.routes.js';
import type { EventHub } from './modules/events/event-hub.js';
import { eventsRoutes } from './modules/events/events.routes.js';
import { friendRoutes } from './modules/friends/friends.routes.js';
import { jobRoutes } from './modules/jobs/jobs.routes.js';
import { keywordRoutes } from './modules/keywords/keywords.routes.js';
import { mediaRoutes } from './modules/media/media.routes.js';
import { roomRoutes } from './modules/rooms/rooms.routes.js';
import type { Services } from './modules/services.js';
import { simulatorRoutes } from './modules/simulator/simulator.routes.js';
import type { SimulatorControl } from './ports/simulator-control.js';

export interface AppDeps {
  services: Services;
  hub: EventHub;
  sessionDays: number;
  logger?: FastifyBaseLogger;
  /** The built console (index.html and assets); served at / when present. */
  consoleDir?: string;
  /** Present when the simulator gateway runs in this process. */
  simulator?: SimulatorControl;
  /** TRUST_PROXY: whose X-Forwarded-* headers to believe (default none). */
  trustProxy?: boolean | readonly string[];
  /** PUBLIC_URL: the console's public origin; `https://` makes the cookie Secure and sends HSTS. */
  publicUrl?: string;
}

/** The HTTP app: plugins, then the contract, then /api/v1, then static files. Never listens. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    bodyLimit: 1024 * 1024,
    // While stopping, requests still arriving get 503 through the renderer (refuseWhileStopping).
    return503OnClosing: false,
    trustProxy: typeof deps.trustProxy === 'object' ? [...deps.trustProxy] : (deps.trustProxy ?? false),
    ajv: { customOptions: { removeAdditional: 'all', coerceTypes: 'array', useDefaults: true } },
    // Errors that never reach the hooks still get the renderer, and the bare security headers.
    frameworkErrors: (error, req, reply) => void renderError(req, reply.headers(BARE_SECURITY_HEADERS), error),
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>();

  await registerSecurityHeaders(app, deps.publicUrl);
  refuseWhileStopping(app);
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 1024 * 1024 });
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1 } });
  await app.register(rateLimit, { global: false });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'wxdesk API', version: '1', description: 'The desk API (/api/v1) and the documented contract (/wechat_api).' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: {
            type: 'apiKey',
            in: 'cookie',
            name: 'wxdesk_session',
            description:
              "The console's session: only from the console's origin, and every /wechat_api call and every /api/v1 call but GET also needs the header x-wxdesk-csrf: 1. Other clients use the bearer token.",
          },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  // Stack traces never leave the process: the renderer decides what is shown.
  app.setErrorHandler((error, req, reply) => renderError(req, reply, error));
  app.addHook('preValidation', rejectNulBytes);
  inputGuards(app);

  const s = deps.services;
  const publicUrl = deps.publicUrl;
  const secureCookie = publicUrl?.startsWith('https://') ?? false;
  await app.register(async (scope) => {
    scope.addHook('preHandler', requireCaller(s.auth, { publicUrl, changesState: everyCall }));
    await scope.register(wechatApiRoutes, {
      accounts: s.accounts,
      conversations: s.conversations,
      contacts: s.contacts,
      rooms: s.rooms,
      friends: s.friends,
      jobs: s.jobs,
      keywords: s.keywords,
      tzDisplay: s.tzDisplay,
    });
  });
  await app.register(
    async (v1) => {
      await v1.register(loginRoutes, { auth: s.auth, sessionDays: deps.sessionDays, secureCookie, publicUrl });
      // Everything else needs a caller: one hook for the whole scope, so no route can forget it.
      await v1.register(async (guarded) => {
        guarded.addHook('preHandler', requireCaller(s.auth, { publicUrl, changesState: unsafeMethod }));
        await guarded.register(sessionRoutes, { auth: s.auth, secureCookie });
        await guarded.register(operatorRoutes, { auth: s.auth });
        await guarded.register(accountRoutes, { conversations: s.conversations, contacts: s.contacts, rooms: s.rooms });
        await guarded.register(accountLoginRoutes, { logins: s.logins });
        await guarded.register(conversationRoutes, { conversations: s.conversations, messages: s.messages });
        await guarded.register(contactRoutes, { contacts: s.contacts, friends: s.friends, conversations: s.conversations });
        await guarded.register(roomRoutes, { rooms: s.rooms, friends: s.friends });
        await guarded.register(friendRoutes, { friends: s.friends });
        await guarded.register(jobRoutes, { jobs: s.jobs });
        await guarded.register(keywordRoutes, { keywords: s.keywords });
        await guarded.register(eventsRoutes, { hub: deps.hub });
        if (deps.simulator) await guarded.register(simulatorRoutes, { accounts: s.accounts, simulator: deps.simulator });
      });
    },
    { prefix: '/api/v1' },
  );

  registerFiles(app, deps);
  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  return app;
}

/** Media sent from the desk, simulator avatars, and the console with its client-side routes. */
function registerFiles(app: FastifyInstance, deps: AppDeps) {
  const mediaDir = deps.services.media.directory;
  fs.mkdirSync(mediaDir, { recursive: true });
  // Only to operators who may see a message that carries the file (see mediaRoutes).
  const { auth, messages, media } = deps.services;
  void app.register(mediaRoutes, { auth, messages, media, publicUrl: deps.publicUrl });

  if (deps.simulator) {
    const sim = deps.simulator;
    app.get<{ Params: { key: string } }>('/avatars/:key', { schema: { hide: true } }, async (req, reply) => {
      const key = req.params.key.replace(/\.svg$/, '');
      if (!/^[a-z0-9_-]{1,64}$/i.test(key)) throw new AppError('route.not_found');
      return reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400, immutable').send(sim.avatarSvg(key));
    });
  }

  const consoleDir = deps.consoleDir;
  const hasConsole = !!consoleDir && fs.existsSync(path.join(consoleDir, 'index.html'));
  if (hasConsole) void app.register(fastifyStatic, { root: consoleDir, prefix: '/', wildcard: false, index: ['index.html'] });
  else
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><meta charset="utf-8"><title>wxdesk</title><h1>wxdesk</h1><p>控制台尚未构建: 运行 <code>npm run build:console</code>。API 文档: <a href="/docs">/docs</a></p>',
        ),
    );

  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0] ?? '/';
    const isApi = url.startsWith('/api/') || url.startsWith('/wechat_api/') || url.startsWith('/media/') || url.startsWith('/avatars/');
    // The console routes on the client: any other GET page gets its index.html.
    if (hasConsole && req.method === 'GET' && !isApi && !path.extname(url))
      return reply.type('text/html; charset=utf-8').sendFile('index.html', consoleDir!);
    return renderError(req, reply, new AppError('route.not_found', `接口不存在: ${req.method} ${url}`));
  });
}
