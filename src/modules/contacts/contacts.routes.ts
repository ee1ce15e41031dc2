import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../../http/auth-hook.js';
import { ContactIdParams } from '../../http/params.js';
import { Accepted, accepted } from '../../http/replies.js';
import type { ConversationsService } from '../conversations/conversations.service.js';
import type { FriendsService } from '../friends/friends.service.js';
import type { ContactsService } from './contacts.service.js';
import { ContactViewSchema } from '../../api/contact.js';

/** One contact (friend or room): profile, setting, refresh, history deletion. */
export interface ContactRoutesDeps {
  contacts: ContactsService;
  friends: FriendsService;
  conversations: ConversationsService;
}

export const contactRoutes: FastifyPluginAsyncTypebox<ContactRoutesDeps> = async (app, s) => {
  app.get(
    '/contacts/:contactId',
    { schema: { tags: ['contacts'], params: ContactIdParams, response: { 200: ContactViewSchema } } },
    async (req) => s.contacts.get(callerOf(req), req.params.contactId),
  );

  app.put(
    '/contacts/:contactId/setting',
    {
      schema: {
        tags: ['contacts'],
        description: '0 default, 1 mute, 2 block, 3 star',
        params: ContactIdParams,
        body: Type.Object({ setting: Type.Integer({ minimum: 0, maximum: 3 }) }),
        response: { 200: ContactViewSchema },
      },
    },
    async (req) => s.contacts.updateSetting(callerOf(req), { contactId: req.params.contactId, setting: req.body.setting }),
  );

  app.post(
    '/contacts/:contactId/refresh',
    { schema: { tags: ['contacts'], params: ContactIdParams, response: { 202: Accepted } } },
    async (req, reply) => {
      await s.friends.refreshContactById(callerOf(req), req.params.contactId);
      return reply.status(202).send(accepted);
    },
  );

  app.delete(
    '/contacts/:contactId/messages',
    { schema: { tags: ['contacts'], params: ContactIdParams, response: { 200: Type.Object({ deleted: Type.Integer() }) } } },
    async (req) => s.conversations.deleteHistoryById(callerOf(req), req.params.contactId),
  );
};
