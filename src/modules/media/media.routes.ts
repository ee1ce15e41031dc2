import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../core/errors.js';
import { callerOf, requireCaller } from '../../http/auth-hook.js';
import type { AuthService } from '../auth/auth.service.js';
import type { MessagesService } from '../messages/messages.service.js';
import { MEDIA_NAME, type MediaService } from './media.service.js';

export interface MediaRoutesDeps {
  auth: AuthService;
  messages: MessagesService;
  media: MediaService;
  /** The console's public origin, when set: a cookie request must come from it. */
  publicUrl?: string | undefined;
}

/** Shown in the page (img, audio, video tags); any other file is a download, never a page of this origin. */
const INLINE = /\.(png|jpe?g|gif|webp|bmp|mp3|m4a|aac|amr|wav|ogg|oga|mp4|m4v|webm|mov)$/i;

/**
 * GET /media/<file>: a file of DATA_DIR/media, to an operator (session cookie, as the
 * console's <img> tags send it, or a bearer token) who may see a conversation with a
 * message that carries it. Anything else is the same 404: a file that does not exist, of
 * no message, or of another operator's accounts, so the answer tells nothing about which.
 * One look-up by index per file (messages_media), after the session cache.
 */
export const mediaRoutes: FastifyPluginAsync<MediaRoutesDeps> = async (app, opts) => {
  // Only reply.sendFile (ranges, ETag, Last-Modified) in this scope: no route of its own.
  await app.register(fastifyStatic, { root: opts.media.directory, serve: false, cacheControl: false, index: false, dotfiles: 'deny' });
  // A read: a cookie request only has to come from the console's origin (an <img> of its pages).
  app.addHook('preHandler', requireCaller(opts.auth, { publicUrl: opts.publicUrl, changesState: () => false }));

  app.get<{ Params: { name: string } }>('/media/:name', { schema: { hide: true } }, async (req, reply) => {
    const { name } = req.params;
    if (!MEDIA_NAME.test(name) || !(await opts.messages.maySeeMedia(callerOf(req), name)))
      throw new AppError('route.not_found', `文件不存在: ${req.url.split('?')[0] ?? ''}`);
    reply
      // Kept by this browser only, for an hour; after that a cheap revalidation (304) that checks access again.
      .header('cache-control', 'private, max-age=3600')
      .header('vary', 'Cookie, Authorization')
      // Files come from WeChat and from uploads: never sniffed into something else, never run as a page.
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox");
    if (!INLINE.test(name)) reply.header('content-disposition', 'attachment');
    return reply.sendFile(name);
  });
};
