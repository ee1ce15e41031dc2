import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../../http/auth-hook.js';
import { RoomMemberParams, UinParams, WxId } from '../../http/params.js';
import { FriendRequestViewSchema, SearchResultSchema } from '../../api/friend-request.js';
import type { FriendsService } from './friends.service.js';

/** People beyond the address book: user search, and friend requests to searched users and room members. */
export const friendRoutes: FastifyPluginAsyncTypebox<{ friends: FriendsService }> = async (app, opts) => {
  const { friends } = opts;

  app.get(
    '/accounts/:uin/search',
    {
      schema: {
        tags: ['contacts'],
        params: UinParams,
        querystring: Type.Object({
          q: Type.String({ minLength: 1, maxLength: 128 }),
          type: Type.Union([Type.Literal('wxid'), Type.Literal('phone'), Type.Literal('qq')], { default: 'wxid' }),
        }),
        response: { 200: Type.Union([SearchResultSchema, Type.Null()]) },
      },
    },
    async (req) => friends.search(callerOf(req), { uin: req.params.uin, query: req.query.q.trim(), type: req.query.type }),
  );

  app.get(
    '/accounts/:uin/friend-requests',
    { schema: { tags: ['contacts'], params: UinParams, response: { 200: Type.Array(FriendRequestViewSchema) } } },
    async (req) => friends.requests(callerOf(req), req.params.uin, 100),
  );

  app.post(
    '/accounts/:uin/friend-requests',
    {
      schema: {
        tags: ['contacts'],
        description: 'A friend request to a user found by /search, with its ticket.',
        params: UinParams,
        body: Type.Object({
          userName: WxId,
          ticket: Type.String({ maxLength: 512 }),
          verify: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: { 202: FriendRequestViewSchema },
      },
    },
    async (req, reply) => {
      const { userName, ticket, verify } = req.body;
      return reply
        .status(202)
        .send(await friends.addSearched(callerOf(req), { uin: req.params.uin, userName, ticket, ...(verify ? { verify } : {}) }));
    },
  );

  app.post(
    '/rooms/:contactId/members/:userName/friend-request',
    {
      schema: {
        tags: ['rooms'],
        params: RoomMemberParams,
        body: Type.Object({ verify: Type.Optional(Type.String({ maxLength: 200 })) }),
        response: { 202: FriendRequestViewSchema },
      },
    },
    async (req, reply) => {
      const { contactId, userName } = req.params;
      const verify = req.body.verify;
      return reply.status(202).send(await friends.addFromRoomById(callerOf(req), { contactId, userName, ...(verify ? { verify } : {}) }));
    },
  );
};
