import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../core/errors.js';
import { errorBody } from './error-renderer.js';
import { BARE_SECURITY_HEADERS } from './security-headers.js';

/** What Node's HTTP parser refused, as one of the app's errors. */
function appErrorOf(code: string | undefined): AppError {
  if (code === 'HPE_HEADER_OVERFLOW') return new AppError('request.headers_too_large', '请求头过大: URL 与请求头合计最多 16 KB');
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new AppError('request.timeout');
  return new AppError('param.invalid', '请求格式错误: 无法解析的 HTTP 请求');
}

/** The request target of the first line the client sent, to choose the envelope; '' if none can be read. */
function targetOf(rawPacket: unknown): string {
  if (!Buffer.isBuffer(rawPacket)) return '';
  const line = /^[A-Z]+ (\S+)/.exec(rawPacket.toString('latin1', 0, Math.min(rawPacket.length, 256)));
  return line?.[1] ?? '';
}

/**
 * Node's HTTP parser refuses some requests before Fastify sees them (a URL or headers over
 * Node's limit, bytes that are not HTTP, a request that took too long): they are answered here,
 * in the envelope their path asks for, with the headers every answer carries.
 */
export function clientErrorHandler(this: { log: FastifyBaseLogger }, err: NodeJS.ErrnoException & { rawPacket?: unknown }, socket: Socket) {
  // A reset connection has nobody to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  this.log.debug({ err: { code: err.code, message: err.message } }, 'client error');
  if (socket.writable) {
    const appError = appErrorOf(err.code);
    const { contentType, body } = errorBody(targetOf(err.rawPacket), appError);
    const text = JSON.stringify(body);
    const headers = {
      'content-type': contentType,
      'content-length': String(Buffer.byteLength(text)),
      connection: 'close',
      ...BARE_SECURITY_HEADERS,
    };
    const head = Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n');
    socket.write(`HTTP/1.1 ${appError.status} ${STATUS_CODES[appError.status] ?? ''}\r\n${head}\r\n\r\n${text}`);
  }
  socket.destroy();
}
