import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SESSION_COOKIE, callerOf } from '../../http/auth-hook.js';
import { refuseCrossSite } from '../../http/origin-guard.js';
import type { AuthService } from './auth.service.js';
import { LoginAnswerSchema, OperatorViewSchema } from '../../api/operator.js';
import { Password, Username } from './credentials.js';

export interface LoginRoutesDeps {
  auth: AuthService;
  sessionDays: number;
  secureCookie: boolean;
  /** PUBLIC_URL: where the console lives, for the login's origin check. */
  publicUrl?: string | undefined;
}

/**
 * The session cookie: never readable by scripts, and never sent with a request another site
 * starts (Strict), not even a top-level link; `Secure` when the console is served over https.
 */
const cookieOptions = (secure: boolean) => ({ path: '/', httpOnly: true, sameSite: 'strict' as const, secure });

/** Login: the one /api/v1 route without a caller, registered outside the guarded scope. */
export const loginRoutes: FastifyPluginAsyncTypebox<LoginRoutesDeps> = async (app, opts) => {
  const { auth } = opts;

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        body: Type.Object({ username: Username, password: Password }),
        response: { 200: LoginAnswerSchema },
      },
      // Login CSRF: another site must not log a visitor's browser into an account of its choosing.
      onRequest: async (req) => refuseCrossSite(req, opts),
      // Failed logins are counted per user name and per address in the store (AuthService.login);
      // this only keeps one address from flooding one node with password checks.
      config: { rateLimit: { max: 60, timeWindow: '1 minute', keyGenerator: (req) => req.ip } },
    },
    async (req, reply) => {
      const session = await auth.login(req.body.username, req.body.password, req.ip);
      reply.setCookie(SESSION_COOKIE, session.token, { ...cookieOptions(opts.secureCookie), maxAge: opts.sessionDays * 86_400 });
      return session;
    },
  );
};

/** Logout and who am I: behind the guard, so a logged-out token is a 401 here too. */
export const sessionRoutes: FastifyPluginAsyncTypebox<{ auth: AuthService; secureCookie: boolean }> = async (app, opts) => {
  const { auth } = opts;

  app.post('/auth/logout', { schema: { tags: ['auth'], response: { 204: Type.Null() } } }, async (req, reply) => {
    if (req.sessionToken) await auth.logout(req.sessionToken);
    reply.clearCookie(SESSION_COOKIE, cookieOptions(opts.secureCookie));
    return reply.status(204).send(null);
  });

  app.get('/auth/me', { schema: { tags: ['auth'], response: { 200: OperatorViewSchema } } }, async (req) => callerOf(req));
};
