import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SESSION_COOKIE, callerOf, requireCaller } from '../../http/auth-hook.js';
import { IdParams } from '../../http/params.js';
import type { Services } from '../services.js';

const Operator = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  role: Type.Union([Type.Literal('admin'), Type.Literal('agent')]),
});
const Username = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.@-]+$' });
const Password = Type.String({ minLength: 1, maxLength: 256 });

/** Login, logout, who am I; operators and their accounts (administrators). */
export const authRoutes: FastifyPluginAsyncTypebox<{ services: Services; sessionDays: number; secureCookie: boolean }> = async (
  app,
  opts,
) => {
  const { auth } = opts.services;
  const guard = requireCaller(auth);

  app.post(
    '/auth/login',
    {
      schema: {
        body: Type.Object({ username: Username, password: Password }),
        response: { 200: Type.Object({ token: Type.String(), operator: Operator }) },
      },
      // Guessing passwords is throttled per address and user name.
      config: {
        rateLimit: {
          max: 10,
          timeWindow: '1 minute',
          keyGenerator: (req) => `${req.ip}:${(req.body as { username?: unknown } | undefined)?.username ?? ''}`,
        },
      },
    },
    async (req, reply) => {
      const session = await auth.login(req.body.username, req.body.password);
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: opts.secureCookie,
        maxAge: opts.sessionDays * 86_400,
      });
      return session;
    },
  );

  app.post('/auth/logout', { preHandler: guard }, async (req, reply) => {
    if (req.sessionToken) await auth.logout(req.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/auth/me', { preHandler: guard, schema: { response: { 200: Operator } } }, async (req) => callerOf(req));

  app.get('/operators', { preHandler: guard }, async (req) => auth.listOperators(callerOf(req)));

  app.post(
    '/operators',
    {
      preHandler: guard,
      schema: {
        body: Type.Object({
          username: Username,
          password: Type.String({ minLength: 6, maxLength: 256 }),
          role: Type.Union([Type.Literal('admin'), Type.Literal('agent')]),
        }),
        response: { 201: Operator },
      },
    },
    async (req, reply) => reply.status(201).send(await auth.createOperator(callerOf(req), req.body)),
  );

  app.put(
    '/operators/:id/accounts',
    {
      preHandler: guard,
      schema: {
        params: IdParams,
        body: Type.Object({ uins: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 1000 }) }),
      },
    },
    async (req) => auth.assignAccounts(callerOf(req), req.params.id, req.body.uins),
  );
};
