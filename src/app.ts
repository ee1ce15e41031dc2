import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { wechatApiRoutes } from './compat/wechat-api/index.js';
import { AppError } from './core/errors.js';
import { requireCaller } from './http/auth-hook.js';
import { renderError } from './http/error-renderer.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import type { EventHub } from './modules/events/event-hub.js';
import { eventsRoutes } from './modules/events/events.routes.js';
import { inboxRoutes } from './modules/conversations/conversations.routes.js';
import { keywordRoutes } from './modules/keywords/keywords.routes.js';
import type { Services } from './modules/services.js';
import { simulatorRoutes, type SimulatorControl } from './modules/simulator/simulator.routes.js';

export interface AppDeps {
  services: Services;
  hub: EventHub;
  sessionDays: number;
  logger?: FastifyBaseLogger;
  /** Present when the simulator gateway runs in this process. */
  simulator?: SimulatorControl & { avatarSvg(key: string): string };
}

/** The HTTP app: plugins, then the contract, then /api/v1. Never listens. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    bodyLimit: 1024 * 1024,
    // Stack traces never leave the process; the error renderer decides what is shown.
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: 'all', coerceTypes: 'array', useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 1024 * 1024 });
  await app.register(rateLimit, { global: false });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });

  app.setErrorHandler((error, req, reply) => renderError(req, reply, error));
  app.setNotFoundHandler((req, reply) => renderError(req, reply, new AppError('route.not_found', `接口不存在: ${req.method} ${req.url.split('?')[0]}`)));

  const { services } = deps;
  await app.register(
    async (scope) => {
      scope.addHook('preHandler', requireCaller(services.auth));
      await scope.register(wechatApiRoutes, { services });
    },
  );
  await app.register(
    async (v1) => {
      await v1.register(authRoutes, { services, sessionDays: deps.sessionDays, secureCookie: false });
      await v1.register(inboxRoutes, { services });
      await v1.register(keywordRoutes, { services });
      await v1.register(eventsRoutes, { services, hub: deps.hub });
      if (deps.simulator) await v1.register(simulatorRoutes, { services, simulator: deps.simulator });
    },
    { prefix: '/api/v1' },
  );

  if (deps.simulator) {
    const sim = deps.simulator;
    app.get<{ Params: { key: string } }>('/avatars/:key', async (req, reply) => {
      const key = req.params.key.replace(/\.svg$/, '');
      if (!/^[a-z0-9_-]{1,64}$/i.test(key)) throw new AppError('route.not_found');
      return reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400, immutable').send(sim.avatarSvg(key));
    });
  }

  app.get('/healthz', async () => ({ ok: true }));
  app.get('/', async (_req, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send('<!doctype html><meta charset="utf-8"><title>wxdesk</title><h1>wxdesk</h1><p>API: <code>/wechat_api/*</code>, <code>/api/v1/*</code>. 登录: <code>POST /api/v1/auth/login</code></p>'),
  );
  return app;
}
