import type { FastifyInstance } from 'fastify';
import { chatroomRoutes, type ChatroomRoutesDeps } from './chatroom.routes.js';
import { contactRoutes, type ContactRoutesDeps } from './contact.routes.js';
import { messageRoutes, type MessageRoutesDeps } from './message.routes.js';

export type WechatApiDeps = MessageRoutesDeps & ChatroomRoutesDeps & ContactRoutesDeps;

/** The documented /wechat_api contract: thin translations onto the service layer; each group gets only what it calls. */
export async function wechatApiRoutes(app: FastifyInstance, d: WechatApiDeps) {
  messageRoutes(app, { accounts: d.accounts, conversations: d.conversations, tzDisplay: d.tzDisplay });
  chatroomRoutes(app, { accounts: d.accounts, rooms: d.rooms, keywords: d.keywords });
  contactRoutes(app, { contacts: d.contacts, friends: d.friends, jobs: d.jobs });
}
