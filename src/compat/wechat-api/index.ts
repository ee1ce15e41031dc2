import type { FastifyInstance } from 'fastify';
import type { Services } from '../../modules/services.js';
import { chatroomRoutes } from './chatroom.routes.js';
import { contactRoutes } from './contact.routes.js';
import { messageRoutes } from './message.routes.js';

/** The documented /wechat_api contract: thin translations onto the service layer. */
export async function wechatApiRoutes(app: FastifyInstance, opts: { services: Services }) {
  messageRoutes(app, opts.services);
  chatroomRoutes(app, opts.services);
  contactRoutes(app, opts.services);
}
