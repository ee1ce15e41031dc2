import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ErrorCatalogue } from '../core/errors.js';

export const CONTRACT_PREFIX = '/wechat_api/';

const isContract = (req: FastifyRequest) => req.url.startsWith(CONTRACT_PREFIX);

/** Turns anything thrown into an AppError; unknown faults become a plain 500. */
export function toAppError(error: unknown): { appError: AppError; unexpected: boolean } {
  if (error instanceof AppError) return { appError: error, unexpected: false };
  const fe = error as Partial<FastifyError> & { validation?: { instancePath?: string; params?: { missingProperty?: string } }[] };
  if (fe.validation?.length) {
    const v = fe.validation[0]!;
    const param = v.params?.missingProperty ?? v.instancePath?.split('/').filter(Boolean).join('.') ?? '';
    return {
      appError: v.params?.missingProperty
        ? new AppError('param.missing', `缺少参数: ${param}`, param)
        : new AppError('param.invalid', `参数 ${param || (fe.validationContext ?? '')} 格式不正确: ${fe.message ?? ''}`.trim(), param),
      unexpected: false,
    };
  }
  const status = fe.statusCode ?? 500;
  if (status === 413) return { appError: new AppError('param.invalid', '请求体过大'), unexpected: false };
  if (status === 415) return { appError: new AppError('param.invalid', '不支持的 Content-Type'), unexpected: false };
  if (status === 429) return { appError: new AppError('throttled'), unexpected: false };
  if (status >= 400 && status < 500)
    return { appError: new AppError('param.invalid', `请求格式错误: ${fe.code ?? status}`), unexpected: false };
  return { appError: new AppError('internal'), unexpected: true };
}

/** The contract's envelope on /wechat_api, RFC 9457 problem details elsewhere. */
export function renderError(req: FastifyRequest, reply: FastifyReply, error: unknown) {
  const { appError, unexpected } = toAppError(error);
  if (unexpected) req.log.error({ err: error }, 'unexpected error');
  reply.status(appError.status);
  if (appError.retryAfter !== undefined) reply.header('retry-after', String(appError.retryAfter));
  if (isContract(req)) return reply.type('application/json; charset=utf-8').send({ code: appError.status, msg: appError.message });
  return reply.type('application/problem+json; charset=utf-8').send({
    type: `https://wxdesk.dev/problems/${appError.code}`,
    title: ErrorCatalogue[appError.code].title,
    status: appError.status,
    detail: appError.message,
    code: appError.code,
    ...(appError.param ? { param: appError.param } : {}),
  });
}
