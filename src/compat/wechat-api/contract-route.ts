import { Type, type Static, type TObject, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../../core/caller.js';
import { AppError, invalidParam } from '../../core/errors.js';
import { callerOf } from '../../http/auth-hook.js';
import { acceptsArray } from '../../http/input-guards.js';

/** Success envelope with the seed's message. */
export const ok = (msg: string, data?: unknown) => (data === undefined ? { code: 200, msg } : { code: 200, msg, data });

/** The envelope most calls answer in: `data`, when present, has each call's seed shape. */
export const Envelope = Type.Object(
  { code: Type.Integer(), msg: Type.String(), data: Type.Optional(Type.Unknown()) },
  { title: 'ContractEnvelope' },
);
const ErrorEnvelope = Type.Object(
  { code: Type.Integer({ description: 'the HTTP status' }), msg: Type.String({ description: 'names the parameter at fault' }) },
  { title: 'ContractError' },
);

/**
 * The contract's bytes are the presenters' (key order, JSON strings inside JSON): its
 * response schemas document the answers and are never used to serialise them.
 */
const asPresented = () => (data: unknown) => JSON.stringify(data);

export interface ContractContext<S extends TObject> {
  params: Static<S>;
  caller: Caller;
  req: FastifyRequest;
  reply: FastifyReply;
}

/**
 * Registers one documented call: GET and POST alike, parameters from the query string and
 * a JSON or form body, converted and validated by one schema. The first bad parameter is
 * named in the contract's error envelope.
 */
export function contractRoute<S extends TObject>(
  app: FastifyInstance,
  path: string,
  schema: S,
  handler: (ctx: ContractContext<S>) => Promise<unknown>,
  answer: TSchema = Envelope,
) {
  const check = TypeCompiler.Compile(schema);
  const handle = async (req: FastifyRequest, reply: FastifyReply) => {
    const merged = { ...asRecord(req.query), ...asRecord(req.body) };
    const known: Record<string, unknown> = {};
    for (const [key, about] of Object.entries(schema.properties)) {
      const v = merged[key];
      if (v === undefined) continue;
      // A JSON array, or a key given twice in a query or form: one value is meant, so which one is not guessed.
      if (Array.isArray(v) && !acceptsArray(about)) throw invalidParam(key, '只能有一个值');
      known[key] = v;
    }
    // Value.Convert would turn 1.5 into 1 and true into 1: an integer must be written as one.
    for (const [key, v] of Object.entries(known))
      if ((schema.properties[key] as { type?: unknown }).type === 'integer' && !isIntegerText(v)) throw paramError(`/${key}`, v);
    const params = Value.Convert(schema, Value.Default(schema, known));
    const first = check.Errors(params).First();
    if (first) throw paramError(first.path, (params as Record<string, unknown>)[first.path.split('/')[1] ?? '']);
    return handler({ params: params as Static<S>, caller: callerOf(req), req, reply });
  };
  const summary = path.split('/').pop();
  const docs = {
    schema: {
      tags: ['wechat_api'],
      ...(summary !== undefined ? { summary } : {}),
      description: 'Parameters in the query string as documented; a POST may carry them in a JSON or form body instead.',
      // Documents each parameter with its type and limits (every call takes them from the query string).
      querystring: schema,
      response: { 200: answer, '4xx': ErrorEnvelope },
    },
    // Validation stays the handler's, over the query and the body together, for the contract's messages.
    validatorCompiler: () => () => true,
    serializerCompiler: asPresented,
  };
  app.get(path, docs, handle);
  app.post(path, docs, handle);
}

function asRecord(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

const isIntegerText = (v: unknown) => (typeof v === 'number' ? Number.isInteger(v) : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v));

function paramError(path: string, value: unknown): AppError {
  const name = path.split('/').filter(Boolean)[0] ?? 'body';
  if (value === undefined) return new AppError('param.missing', `缺少参数: ${name}`, name);
  if (typeof value === 'string' && value.trim() === '') return new AppError('param.missing', `参数 ${name} 不能为空`, name);
  return new AppError('param.invalid', `参数 ${name} 格式不正确`, name);
}
