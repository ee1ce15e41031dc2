/**
 * One catalogue of errors. Each has a stable id, an HTTP status and a Chinese message for
 * the /wechat_api envelope; /api/v1 renders the same values as problem details.
 */
export const ErrorCatalogue = {
  'param.missing': { status: 400, title: '缺少参数' },
  'param.invalid': { status: 400, title: '参数格式错误' },
  'auth.required': { status: 401, title: '未登录或登录已过期' },
  'auth.failed': { status: 401, title: '用户名或密码错误' },
  'auth.disabled': { status: 403, title: '系统账号已停用' },
  'access.denied': { status: 403, title: '无权操作' },
  /** A session-cookie request from another origin, or one that changes state without the console's header. */
  'request.cross_site': { status: 403, title: '拒绝跨站请求' },
  'account.not_found': { status: 404, title: '微信号不存在' },
  'contact.not_found': { status: 404, title: '联系人不存在' },
  'room.not_found': { status: 404, title: '群聊不存在' },
  'operator.not_found': { status: 404, title: '系统账号不存在' },
  'keyword.not_found': { status: 404, title: '关键词不存在' },
  'route.not_found': { status: 404, title: '接口不存在' },
  'request.timeout': { status: 408, title: '请求超时' },
  conflict: { status: 409, title: '冲突' },
  'request.uri_too_long': { status: 414, title: 'URL 过长' },
  'upgrade.required': { status: 426, title: '需要 WebSocket 连接' },
  throttled: { status: 429, title: '请求过于频繁' },
  'request.headers_too_large': { status: 431, title: '请求头过大' },
  'gateway.unsupported': { status: 501, title: '当前网关不支持该操作' },
  'gateway.timeout': { status: 504, title: '网关响应超时' },
  'gateway.failed': { status: 502, title: '网关执行失败' },
  internal: { status: 500, title: '服务器内部错误' },
  unavailable: { status: 503, title: '服务暂不可用' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ErrorCatalogue;

export class AppError extends Error {
  readonly status: number;
  /** Seconds the client should wait before trying again (a Retry-After header); throttled answers. */
  retryAfter?: number;
  constructor(
    readonly code: ErrorCode,
    /** Chinese text for the operator; names the parameter when one is at fault. */
    message: string = ErrorCatalogue[code].title,
    /** The parameter at fault, if any. */
    readonly param?: string,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ErrorCatalogue[code].status;
  }
}

export const missingParam = (name: string) => new AppError('param.missing', `缺少参数: ${name}`, name);
export const invalidParam = (name: string, why = '格式不正确') => new AppError('param.invalid', `参数 ${name} ${why}`, name);
export const notFound = (
  code: 'account.not_found' | 'contact.not_found' | 'room.not_found' | 'operator.not_found' | 'keyword.not_found',
  detail?: string,
) => new AppError(code, detail ? `${ErrorCatalogue[code].title}: ${detail}` : ErrorCatalogue[code].title);
/** 429 with the seconds to wait (at least 1). */
export const throttled = (waitMs: number) => {
  const e = new AppError('throttled');
  e.retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
  return e;
};
export const denied = (detail = '该微信号未分配给当前账号') => new AppError('access.denied', `无权操作: ${detail}`);
