import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf, requireCaller } from '../../http/auth-hook.js';
import { toAccountView } from '../accounts/account.view.js';
import { HISTORY_PAGE_MAX, TEXT_MAX } from '../messages/messages.service.js';
import type { Services } from '../services.js';
import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX } from './conversations.service.js';

const ContactId = Type.Object({ contactId: Type.Integer({ minimum: 1 }) });

/** Accounts, conversations and messages: the desk's inbox. */
export const inboxRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, opts) => {
  const s = opts.services;
  app.addHook('preHandler', requireCaller(s.auth));

  app.get('/accounts', async (req) => (await s.accounts.list(callerOf(req))).map(toAccountView));

  app.get(
    '/conversations',
    {
      schema: {
        querystring: Type.Object({
          type: Type.Union([Type.Literal('single'), Type.Literal('group')], { default: 'single' }),
          uin: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          q: Type.Optional(Type.String({ maxLength: 64 })),
          page: Type.Integer({ minimum: 1, default: 1 }),
          pageSize: Type.Integer({ minimum: 1, maximum: PAGE_SIZE_MAX, default: PAGE_SIZE_DEFAULT }),
        }),
      },
    },
    async (req) => {
      const q = req.query;
      return s.conversations.recent(callerOf(req), {
        isRoom: q.type === 'group',
        page: q.page,
        pageSize: q.pageSize,
        ...(q.uin ? { uin: q.uin } : {}),
        ...(q.q ? { search: q.q } : {}),
      });
    },
  );

  app.post('/conversations/:contactId/read', { schema: { params: ContactId } }, async (req, reply) => {
    await s.conversations.markRead(callerOf(req), req.params.contactId);
    return reply.status(204).send();
  });

  app.get(
    '/conversations/:contactId/messages',
    {
      schema: {
        params: ContactId,
        querystring: Type.Object({ before: Type.Optional(Type.Integer({ minimum: 1 })), limit: Type.Integer({ minimum: 1, maximum: HISTORY_PAGE_MAX, default: 50 }) }),
      },
    },
    async (req) =>
      s.messages.history(callerOf(req), req.params.contactId, { limit: req.query.limit, ...(req.query.before ? { before: req.query.before } : {}) }),
  );

  app.post(
    '/conversations/:contactId/messages',
    {
      schema: {
        params: ContactId,
        body: Type.Object({ text: Type.String({ minLength: 1, maxLength: TEXT_MAX }), tokenId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })) }),
      },
    },
    async (req, reply) =>
      reply.status(202).send(
        await s.messages.sendText(callerOf(req), { contactId: req.params.contactId, text: req.body.text, ...(req.body.tokenId ? { tokenId: req.body.tokenId } : {}) }),
      ),
  );

  app.get('/contacts/:contactId', { schema: { params: ContactId } }, async (req) => s.contacts.get(callerOf(req), req.params.contactId));

  app.post('/accounts/:uin/sync', { schema: { params: Type.Object({ uin: Type.String({ minLength: 1, maxLength: 64 }) }) } }, async (req, reply) =>
    reply.status(202).send(await s.jobs.syncContacts(callerOf(req), req.params.uin)),
  );

  app.get('/jobs/:id', { schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }) } }, async (req) => s.jobs.get(callerOf(req), req.params.id));
};
