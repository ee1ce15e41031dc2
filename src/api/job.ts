import { Type, type Static } from '@sinclair/typebox';

export const JobViewSchema = Type.Object(
  {
    id: Type.Number(),
    uin: Type.String(),
    kind: Type.String(),
    status: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
    done: Type.Number(),
    total: Type.Number(),
    error: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.Number(),
    updatedAt: Type.Number(),
  },
  { title: 'JobView' },
);
export type JobView = Static<typeof JobViewSchema>;

/** POST /accounts/:uin/sync: the sync started, or the one already running (started false). */
export const SyncAnswerSchema = Type.Object({ job: JobViewSchema, started: Type.Boolean() }, { title: 'SyncAnswer' });
export type SyncAnswer = Static<typeof SyncAnswerSchema>;
