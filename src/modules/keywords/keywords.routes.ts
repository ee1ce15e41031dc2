import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../../http/auth-hook.js';
import { IdParams, RowId } from '../../http/params.js';
import { KEYWORD_MAX, type KeywordsService } from './keywords.service.js';

export const keywordRoutes: FastifyPluginAsyncTypebox<{ keywords: KeywordsService }> = async (app, opts) => {
  const { keywords } = opts;

  app.get('/keywords', async (req) => keywords.list(callerOf(req)));

  app.post(
    '/keywords',
    { schema: { body: Type.Object({ keyword: Type.String({ minLength: 1, maxLength: KEYWORD_MAX }) }) } },
    async (req, reply) => reply.status(201).send(await keywords.add(callerOf(req), req.body.keyword)),
  );

  app.delete('/keywords/:id', { schema: { params: IdParams } }, async (req, reply) => {
    await keywords.remove(callerOf(req), req.params.id);
    return reply.status(204).send();
  });

  app.get(
    '/keywords/hits',
    {
      schema: {
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), before: Type.Optional(RowId) }),
      },
    },
    async (req) => keywords.hits(callerOf(req), { limit: req.query.limit, ...(req.query.before ? { beforeId: req.query.before } : {}) }),
  );
};
