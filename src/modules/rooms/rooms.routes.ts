import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../../http/auth-hook.js';
import { ContactIdParams, RoomMemberParams } from '../../http/params.js';
import { Accepted, accepted } from '../../http/replies.js';
import { ContactViewSchema } from '../../api/contact.js';
import type { FriendsService } from '../friends/friends.service.js';
import type { RoomsService } from './rooms.service.js';
import { MemberDetailSchema, RoomMemberSchema } from '../../api/room-member.js';

/** Group chats by contact id: detail, members, announcement, quit. */
export const roomRoutes: FastifyPluginAsyncTypebox<{ rooms: RoomsService; friends: FriendsService }> = async (app, s) => {
  app.get(
    '/rooms/:contactId',
    { schema: { tags: ['rooms'], params: ContactIdParams, response: { 200: ContactViewSchema } } },
    async (req) => s.rooms.detailById(callerOf(req), req.params.contactId),
  );

  app.get(
    '/rooms/:contactId/members',
    {
      schema: {
        tags: ['rooms'],
        params: ContactIdParams,
        response: { 200: Type.Array(RoomMemberSchema) },
      },
    },
    async (req) => s.rooms.membersById(callerOf(req), req.params.contactId),
  );

  app.get(
    '/rooms/:contactId/members/:userName',
    { schema: { tags: ['rooms'], params: RoomMemberParams, response: { 200: MemberDetailSchema } } },
    async (req) => s.friends.memberDetailByRoomId(callerOf(req), req.params),
  );

  app.put(
    '/rooms/:contactId/announcement',
    {
      schema: {
        tags: ['rooms'],
        params: ContactIdParams,
        body: Type.Object({ content: Type.String({ minLength: 1, maxLength: 2000 }) }),
        response: { 202: Accepted },
      },
    },
    async (req, reply) => {
      await s.rooms.setAnnouncementById(callerOf(req), { contactId: req.params.contactId, content: req.body.content });
      return reply.status(202).send(accepted);
    },
  );

  app.post(
    '/rooms/:contactId/quit',
    { schema: { tags: ['rooms'], params: ContactIdParams, response: { 202: Accepted } } },
    async (req, reply) => {
      await s.rooms.quitById(callerOf(req), req.params.contactId);
      return reply.status(202).send(accepted);
    },
  );
};
