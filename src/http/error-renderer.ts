import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ErrorCatalogue } from '../core/errors.js';

export const CONTRACT_PREFIX = '/wechat_api/';

const isContract = (url: string) => url.startsWith(CONTRACT_PREFIX);

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
  // Answered before any route: a URL the router cannot decode, or a path parameter over its limit.
  if (fe.code === 'FST_ERR_BAD_URL') return { appError: new AppError('param.invalid', 'URL 编码不正确'), unexpected: false };
  if (status === 414) return { appError: new AppError('request.uri_too_long', 'URL 过长: 路径参数最多 100 个字符'), unexpected: false };
  if (status === 408) return { appError: new AppError('request.timeout'), unexpected: false };
  if (status === 431) return { appError: new AppError('request.headers_too_large'), unexpected: false };
  if (status === 413) return { appError: new AppError('param.invalid', '请求体过大'), unexpected: false };
  if (status === 415) return { appError: new AppError('param.invalid', '不支持的 Content-Type'), unexpected: false };
  if (status === 429) return { appError: new AppError('throttled'), unexpected: false };
  if (status >= 400 && status < 500)
    return { appError: new AppError('param.invalid', `请求格式错误: ${fe.code ?? status}`), unexpected: false };
  return { appError: new AppError('internal'), unexpected: true };
}

/** The answer's body: the contract's envelope under /wechat_api, RFC 9457 problem details elsewhere. */
export function errorBody(url: string, appError: AppError): { contentType: string; body: Record<string, unknown> } {
  if (isContract(url)) return { contentType: 'application/json; charset=utf-8', body: { code: appError.status, msg: appError.message } };
  return {
    contentType: 'application/problem+json; charset=utf-8',
    body: {
      type: `https://wxdesk.dev/problems/${appError.code}`,
      title: ErrorCatalogue[appError.code].title,
      status: appError.status,
      detail: appError.message,
      code: appError.code,
      ...(appError.param ? { param: appError.param } : {}),
    },
  };
}

/** The one error renderer: every error answer of the app goes through here (and clientErrorHandler). */
export function renderError(req: FastifyRequest, reply: FastifyReply, error: unknown) {
  const { appError, unexpected } = toAppError(error);
  if (unexpected) req.log.error({ err: error }, 'unexpected error');
  reply.status(appError.status);
  if (appError.retryAfter !== undefined) reply.header('retry-after', String(appError.retryAfter));
  const { contentType, body } = errorBody(req.url, appError);
  return reply.type(contentType).send(body);
}
