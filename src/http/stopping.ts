import type { FastifyInstance } from 'fastify';
import { AppError } from '../core/errors.js';

/**
 * Once the app starts to stop, a request still arriving on an open connection is answered
 * 503 by the error renderer, in its API's envelope, and its connection closed (instead of
 * Fastify's own 503 body, return503OnClosing).
 */
export function refuseWhileStopping(app: FastifyInstance): void {
  let stopping = false;
  app.addHook('preClose', async () => {
    stopping = true;
  });
  app.addHook('onRequest', async (_req, reply) => {
    if (!stopping) return;
    reply.header('connection', 'close');
    throw new AppError('unavailable', '服务正在停止，请稍后重试');
  });
}
