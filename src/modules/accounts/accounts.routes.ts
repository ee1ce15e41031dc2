import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../../http/auth-hook.js';
import { Page, UinParams, WxId } from '../../http/params.js';
import { Accepted, accepted } from '../../http/replies.js';
import { AccountSummarySchema } from '../../api/account.js';
import { ContactViewSchema } from '../../api/contact.js';
import type { ContactsService } from '../contacts/contacts.service.js';
import type { ConversationsService } from '../conversations/conversations.service.js';
import type { RoomsService } from '../rooms/rooms.service.js';

export interface AccountRoutesDeps {
  conversations: ConversationsService;
  contacts: ContactsService;
  rooms: RoomsService;
}

/** Accounts and what hangs off one: contacts and new rooms. */
export const accountRoutes: FastifyPluginAsyncTypebox<AccountRoutesDeps> = async (app, s) => {
  app.get('/accounts', { schema: { tags: ['accounts'], response: { 200: Type.Array(AccountSummarySchema) } } }, async (req) =>
    s.conversations.accountSummaries(callerOf(req)),
  );

  app.get(
    '/accounts/:uin/contacts',
    {
      schema: {
        tags: ['contacts'],
        params: UinParams,
        querystring: Type.Object({
          type: Type.Union([Type.Literal('friend'), Type.Literal('room')], { default: 'friend' }),
          q: Type.Optional(Type.String({ maxLength: 64 })),
          ...Page,
        }),
        response: { 200: Type.Array(ContactViewSchema) },
      },
    },
    async (req) => {
      const q = req.query;
      return s.contacts.list(callerOf(req), req.params.uin, {
        isRoom: q.type === 'room',
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
        ...(q.q ? { search: q.q } : {}),
      });
    },
  );

  app.post(
    '/accounts/:uin/rooms',
    {
      schema: {
        tags: ['rooms'],
        params: UinParams,
        body: Type.Object({
          topic: Type.String({ minLength: 1, maxLength: 64 }),
          members: Type.Array(WxId, { minItems: 2, maxItems: 500 }),
        }),
        response: { 202: Accepted },
      },
    },
    async (req, reply) => {
      await s.rooms.create(callerOf(req), {
        uin: req.params.uin,
        topic: req.body.topic.trim(),
        members: req.body.members,
        nickNames: new Map(),
      });
      return reply.status(202).send(accepted);
    },
  );
};
