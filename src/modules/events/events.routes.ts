import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../core/errors.js';
import { tokenOf } from '../../http/auth-hook.js';
import type { Services } from '../services.js';
import type { EventHub } from './event-hub.js';

export const PING_MS = 25_000;

/**
 * WebSocket /api/v1/events: typed events of the caller's accounts. Authenticated by the
 * session cookie, a bearer header, or `?token=` (browsers cannot set headers on sockets).
 */
export const eventsRoutes: FastifyPluginAsync<{ services: Services; hub: EventHub }> = async (app, opts) => {
  app.get(
    '/events',
    {
      websocket: true,
      preValidation: async (req) => {
        const query = req.query as { token?: unknown };
        const token = tokenOf(req) ?? (typeof query.token === 'string' ? query.token : undefined);
        const caller = token ? await opts.services.auth.authenticate(token) : undefined;
        if (!caller) throw new AppError('auth.required');
        req.caller = caller;
      },
    },
    async (socket, req) => {
      let remove: (() => void) | undefined;
      const ping = setInterval(() => socket.ping(), PING_MS);
      socket.on('close', () => {
        clearInterval(ping);
        remove?.();
      });
      // Anything the console sends is ignored: the stream is one-way.
      socket.on('message', () => undefined);
      remove = await opts.hub.add(req.caller!, socket);
      if (socket.readyState !== socket.OPEN) remove();
    },
  );
};
