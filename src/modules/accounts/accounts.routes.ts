import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../../http/auth-hook.js';
import { IdParams, Page, UinParams, WxId } from '../../http/params.js';
import { Accepted, accepted } from '../../http/replies.js';
import { ContactViewSchema } from '../../api/contact.js';
import { FriendRequestViewSchema } from '../../api/friend-request.js';
import { JobViewSchema } from '../../api/job.js';
import type { Services } from '../services.js';
import { AccountViewSchema } from '../../api/account.js';

const AccountSummary = Type.Composite([AccountViewSchema, Type.Object({ unread: Type.Integer() })], { title: 'AccountSummary' });
const SearchResult = Type.Union([
  Type.Object({
    userName: Type.String(),
    nickName: Type.String(),
    headImgUrl: Type.String(),
    sex: Type.Integer(),
    province: Type.String(),
    city: Type.String(),
    signature: Type.String(),
    ticket: Type.String(),
  }),
  Type.Null(),
]);

/** Accounts and what hangs off one: contacts, search, friend requests, rooms, sync jobs. */
export const accountRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, opts) => {
  const s = opts.services;

  app.get('/accounts', { schema: { tags: ['accounts'], response: { 200: Type.Array(AccountSummary) } } }, async (req) =>
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
        response: { 200: SearchResult },
      },
    },
    async (req) => s.friends.search(callerOf(req), { uin: req.params.uin, query: req.query.q.trim(), type: req.query.type }),
  );

  app.get(
    '/accounts/:uin/friend-requests',
    { schema: { tags: ['contacts'], params: UinParams, response: { 200: Type.Array(FriendRequestViewSchema) } } },
    async (req) => s.friends.requests(callerOf(req), req.params.uin, 100),
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
        .send(await s.friends.addSearched(callerOf(req), { uin: req.params.uin, userName, ticket, ...(verify ? { verify } : {}) }));
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

  app.post(
    '/accounts/:uin/sync',
    { schema: { tags: ['jobs'], params: UinParams, response: { 202: Type.Object({ job: JobViewSchema, started: Type.Boolean() }) } } },
    async (req, reply) => reply.status(202).send(await s.jobs.syncContacts(callerOf(req), req.params.uin)),
  );

  app.get(
    '/accounts/:uin/jobs',
    { schema: { tags: ['jobs'], params: UinParams, response: { 200: Type.Array(JobViewSchema) } } },
    async (req) => s.jobs.list(callerOf(req), req.params.uin),
  );

  app.get('/jobs/:id', { schema: { tags: ['jobs'], params: IdParams, response: { 200: JobViewSchema } } }, async (req) =>
    s.jobs.get(callerOf(req), req.params.id),
  );
};
