import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../../http/auth-hook.js';
import { IdParams } from '../../http/params.js';
import type { AuthService } from './auth.service.js';
import { OperatorAccountsSchema, OperatorSummarySchema, OperatorViewSchema } from '../../api/operator.js';
import { Username } from './credentials.js';

/** Operators and the accounts assigned to them; the service admits administrators only. */
export const operatorRoutes: FastifyPluginAsyncTypebox<{ auth: AuthService }> = async (app, opts) => {
  const { auth } = opts;

  app.get('/operators', { schema: { tags: ['operators'], response: { 200: Type.Array(OperatorSummarySchema) } } }, async (req) =>
    auth.listOperators(callerOf(req)),
  );

  app.post(
    '/operators',
    {
      schema: {
        tags: ['operators'],
        body: Type.Object({
          username: Username,
          password: Type.String({ minLength: 6, maxLength: 256 }),
          role: Type.Union([Type.Literal('admin'), Type.Literal('agent')]),
        }),
        response: { 201: OperatorViewSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await auth.createOperator(callerOf(req), req.body)),
  );

  app.put(
    '/operators/:id',
    {
      schema: {
        tags: ['operators'],
        description:
          'Disables an operator (`{"disabled":true}`: it cannot log in, its sessions end and its event streams close on every node) or enables it again.',
        params: IdParams,
        body: Type.Object({ disabled: Type.Boolean() }),
        response: { 200: OperatorSummarySchema },
      },
    },
    async (req) => auth.setDisabled(callerOf(req), req.params.id, req.body.disabled),
  );

  app.put(
    '/operators/:id/accounts',
    {
      schema: {
        tags: ['operators'],
        params: IdParams,
        body: Type.Object({ uins: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 1000 }) }),
        response: { 200: OperatorAccountsSchema },
      },
    },
    async (req) => auth.assignAccounts(callerOf(req), req.params.id, req.body.uins),
  );
};
