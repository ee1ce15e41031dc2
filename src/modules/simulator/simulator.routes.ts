import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isAdmin } from '../../core/caller.js';
import { AppError, denied } from '../../core/errors.js';
import { callerOf } from '../../http/auth-hook.js';
import type { SimulatorControl } from '../../ports/simulator-control.js';
import { SimulatedMessageSchema } from '../../api/simulator.js';
import type { AccountsService } from '../accounts/accounts.service.js';

const Wx = Type.String({ minLength: 1, maxLength: 128 });

/** Test traffic for the simulated world (administrators only). */
export const simulatorRoutes: FastifyPluginAsyncTypebox<{ accounts: AccountsService; simulator: SimulatorControl }> = async (app, opts) => {
  app.addHook('preHandler', async (req) => {
    if (!isAdmin(callerOf(req))) throw denied('只有管理员可以使用模拟器');
  });

  app.post(
    '/simulator/inbound',
    {
      schema: {
        tags: ['simulator'],
        body: Type.Object({
          uin: Type.String({ minLength: 1, maxLength: 64 }),
          from: Wx,
          room: Type.Optional(Wx),
          text: Type.String({ minLength: 1, maxLength: 4000 }),
        }),
        response: { 202: SimulatedMessageSchema },
      },
    },
    async (req, reply) => {
      const { uin, from, room, text } = req.body;
      if (!(await opts.accounts.findByUin(uin))) throw new AppError('account.not_found', `微信号不存在: ${uin}`);
      try {
        return reply.status(202).send(opts.simulator.inject({ uin, from, text, ...(room ? { room } : {}) }));
      } catch (err) {
        throw new AppError('param.invalid', `模拟消息无效: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  );

  app.post(
    '/simulator/faults',
    {
      schema: {
        tags: ['simulator'],
        body: Type.Object({
          uin: Type.String({ minLength: 1, maxLength: 64 }),
          kind: Type.Union([Type.Literal('failNextSend'), Type.Literal('dropLogin')]),
        }),
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      try {
        opts.simulator.injectFault(req.body);
      } catch (err) {
        throw new AppError('param.invalid', `模拟故障无效: ${err instanceof Error ? err.message : String(err)}`);
      }
      return reply.status(204).send(null);
    },
  );
};
