import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../core/errors.js';
import { callerOf } from '../../http/auth-hook.js';
import type { EventHub } from './event-hub.js';

export const PING_MS = 25_000;

/**
 * WebSocket /api/v1/events: typed events of the caller's accounts. The guarded scope
 * authenticates it by the session cookie (from the console's origin only), a bearer header,
 * or `?token=` (browsers cannot set headers on sockets). It lives only as long as its
 * session: a logout closes it with 4401, disabling the operator with 4403.
 */
export const eventsRoutes: FastifyPluginAsync<{ hub: EventHub }> = async (app, opts) => {
  // Hidden from OpenAPI like every socket route (a plain GET only says it wants an upgrade);
  // the schema still says what the route answers.
  const schema = {
    hide: true,
    tags: ['events'],
    response: { 101: Type.Null({ description: 'Switching Protocols; then a hello frame and ServerEvent frames (JSON text).' }) },
  };
  app.route({
    method: 'GET',
    url: '/events',
    config: { tokenInQuery: true },
    schema,
    // A GET without the upgrade: 426 in problem details, like every other error.
    handler: async (_req, reply) => {
      reply.header('upgrade', 'websocket');
      throw new AppError('upgrade.required', '需要 WebSocket 连接: 请以 WebSocket 打开 /api/v1/events');
    },
    wsHandler: async (socket, req) => {
      let remove: (() => void) | undefined;
      const ping = setInterval(() => socket.ping(), PING_MS);
      socket.on('close', () => {
        clearInterval(ping);
        remove?.();
      });
      // Anything the console sends is ignored: the stream is one-way.
      socket.on('message', () => undefined);
      // The session goes with the socket: a logout or a disabled operator closes it, on any node.
      remove = await opts.hub.add(callerOf(req), socket, req.sessionToken ?? '');
      if (socket.readyState !== socket.OPEN) remove();
    },
  });
};
