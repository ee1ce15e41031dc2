import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../../http/auth-hook.js';
import { IdParams, RowId } from '../../http/params.js';
import { KeywordHitViewSchema, KeywordViewSchema } from '../../api/keyword.js';
import { KEYWORD_MAX, type KeywordsService } from './keywords.service.js';

/** Sensitive keywords of the caller's groups, and the messages that hit them. */
export const keywordRoutes: FastifyPluginAsyncTypebox<{ keywords: KeywordsService }> = async (app, opts) => {
  const { keywords } = opts;

  app.get('/keywords', { schema: { tags: ['keywords'], response: { 200: Type.Array(KeywordViewSchema) } } }, async (req) =>
    keywords.list(callerOf(req)),
  );

  app.post(
    '/keywords',
    {
      schema: {
        tags: ['keywords'],
        body: Type.Object({ keyword: Type.String({ minLength: 1, maxLength: KEYWORD_MAX }) }),
        response: { 201: KeywordViewSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await keywords.add(callerOf(req), req.body.keyword)),
  );

  app.delete('/keywords/:id', { schema: { tags: ['keywords'], params: IdParams, response: { 204: Type.Null() } } }, async (req, reply) => {
    await keywords.remove(callerOf(req), req.params.id);
    return reply.status(204).send(null);
  });

  app.get(
    '/keywords/hits',
    {
      schema: {
        tags: ['keywords'],
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), before: Type.Optional(RowId) }),
        response: { 200: Type.Array(KeywordHitViewSchema) },
      },
    },
    async (req) => keywords.hits(callerOf(req), { limit: req.query.limit, ...(req.query.before ? { beforeId: req.query.before } : {}) }),
  );
};
