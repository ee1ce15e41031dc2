import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../../http/auth-hook.js';
import { IdParams, UinParams } from '../../http/params.js';
import { JobViewSchema, SyncAnswerSchema } from '../../api/job.js';
import type { JobsService } from './jobs.service.js';

/** Contact syncs: start one for an account, follow its progress. */
export const jobRoutes: FastifyPluginAsyncTypebox<{ jobs: JobsService }> = async (app, opts) => {
  const { jobs } = opts;

  app.post(
    '/accounts/:uin/sync',
    { schema: { tags: ['jobs'], params: UinParams, response: { 202: SyncAnswerSchema } } },
    async (req, reply) => reply.status(202).send(await jobs.syncContacts(callerOf(req), req.params.uin)),
  );

  app.get(
    '/accounts/:uin/jobs',
    { schema: { tags: ['jobs'], params: UinParams, response: { 200: Type.Array(JobViewSchema) } } },
    async (req) => jobs.list(callerOf(req), req.params.uin),
  );

  app.get('/jobs/:id', { schema: { tags: ['jobs'], params: IdParams, response: { 200: JobViewSchema } } }, async (req) =>
    jobs.get(callerOf(req), req.params.id),
  );
};
