import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../../http/auth-hook.js';
import { UinParams } from '../../http/params.js';
import type { AccountLoginService } from './account-login.service.js';

const Started = Type.Object({ accepted: Type.Literal(true), uin: Type.Union([Type.String(), Type.Null()]) }, { title: 'LoginStarted' });

/** Adding a WeChat account (QR login) and logging accounts in and out; administrators only. */
export const accountLoginRoutes: FastifyPluginAsyncTypebox<{ logins: AccountLoginService }> = async (app, opts) => {
  const { logins } = opts;

  app.post(
    '/accounts',
    {
      schema: {
        tags: ['accounts'],
        description:
          'Starts the login of a new WeChat account. Its QR code is pushed as an `account.qr` event; after the scan the account appears (`account.updated`). `uin` is known at once only with gateways that assign it before the scan.',
        body: Type.Optional(Type.Object({})),
        response: { 202: Started },
      },
    },
    async (req, reply) => reply.status(202).send({ accepted: true as const, uin: (await logins.add(callerOf(req))).uin }),
  );

  app.post(
    '/accounts/:uin/login',
    {
      schema: {
        tags: ['accounts'],
        description: 'Logs the account in again: with its kept login memory where the gateway can, else a new QR code (`account.qr`).',
        params: UinParams,
        response: { 202: Started },
      },
    },
    async (req, reply) => reply.status(202).send({ accepted: true as const, uin: (await logins.login(callerOf(req), req.params.uin)).uin }),
  );

  app.post(
    '/accounts/:uin/logout',
    {
      schema: {
        tags: ['accounts'],
        description: 'Logs the account out of WeChat; it stays offline until logged in again.',
        params: UinParams,
        response: { 202: Started },
      },
    },
    async (req, reply) =>
      reply.status(202).send({ accepted: true as const, uin: (await logins.logout(callerOf(req), req.params.uin)).uin }),
  );
};
