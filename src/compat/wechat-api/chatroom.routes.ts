import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { invalidParam } from '../../core/errors.js';
import type { AccountsService } from '../../modules/accounts/accounts.service.js';
import type { KeywordsService } from '../../modules/keywords/keywords.service.js';
import type { RoomsService } from '../../modules/rooms/rooms.service.js';
import { contractRoute, ok } from './contract-route.js';
import { RoomId, Text, Uin, WxId } from '../../http/params.js';
import { member } from './presenters.js';
import { parseRoomNickNames } from './room-nicknames.js';

const RoomOfAccount = Type.Object({ uin: Uin, userName: WxId, charRoomId: RoomId });

export interface ChatroomRoutesDeps {
  accounts: AccountsService;
  rooms: RoomsService;
  keywords: KeywordsService;
}

export function chatroomRoutes(app: FastifyInstance, s: ChatroomRoutesDeps) {
  contractRoute(
    app,
    '/wechat_api/chatroom/createChatRoom',
    // roomNickName: text (query or form), or in a JSON body the array itself.
    Type.Object({
      uin: Uin,
      userName: Text(8000),
      topic: Text(64),
      roomNickName: Type.Optional(Type.Union([Type.String({ maxLength: 20000 }), Type.Array(Type.Unknown(), { maxItems: 500 })])),
    }),
    async ({ params: p, caller }) => {
      const members = p.userName
        .split(',')
        .map((m) => m.trim())
        .filter(Boolean);
      if (members.some((m) => !/^[^\s@]+$/.test(m) || m.length > 128)) throw invalidParam('userName', '应为逗号分隔的微信号');
      const nickNames = parseRoomNickNames(Array.isArray(p.roomNickName) ? JSON.stringify(p.roomNickName) : p.roomNickName);
      await s.rooms.create(caller, { uin: p.uin, members, topic: p.topic.trim(), nickNames });
      return ok('请求发送成功!');
    },
  );

  contractRoute(
    app,
    '/wechat_api/chatroom/getMember',
    RoomOfAccount,
    async ({ params: p, caller, reply }) => {
      await s.accounts.resolveNamed(caller, p.uin, p.userName, 'userName');
      const { room, members, friends } = await s.rooms.members(caller, p.uin, p.charRoomId);
      // The seed answers a JSON string that holds the member array.
      reply.type('application/json; charset=utf-8');
      return JSON.stringify(JSON.stringify(members.map((m) => member(m, room, p.uin, friends))));
    },
    Type.String({ description: 'a JSON string holding the member array' }),
  );

  contractRoute(app, '/wechat_api/chatroom/getMemberHeadImg', RoomOfAccount, async ({ params: p, caller }) => {
    await s.accounts.resolveNamed(caller, p.uin, p.userName, 'userName');
    const { members } = await s.rooms.members(caller, p.uin, p.charRoomId);
    return ok(
      '查询成功',
      members.map((m) => ({ userName: m.userName, headImgUrl: m.headImgUrl })),
    );
  });

  contractRoute(
    app,
    '/wechat_api/chatroom/getGroupCount',
    Type.Object({ uin: Uin, chatRoomId: Type.Optional(RoomId) }),
    async ({ params: p, caller }) => {
      if (!p.chatRoomId) return ok('查询成功', await s.rooms.roomCount(caller, p.uin));
      const { room, memberCount } = await s.rooms.memberCount(caller, p.uin, p.chatRoomId);
      return ok('查询成功', { chatRoomId: room, memberCount });
    },
  );

  contractRoute(app, '/wechat_api/chatroom/doSave', Type.Object({ keyword: Text(50) }), async ({ params: p, caller }) => {
    await s.keywords.add(caller, p.keyword);
    return ok('成功');
  });

  contractRoute(
    app,
    '/wechat_api/chatroom/setAnnouncement',
    Type.Object({ uin: Uin, content: Text(2000), chatRoomId: RoomId }),
    async ({ params: p, caller }) => {
      await s.rooms.setAnnouncement(caller, { uin: p.uin, room: p.chatRoomId, content: p.content });
      return ok('请求发送成功!');
    },
  );

  contractRoute(
    app,
    '/wechat_api/chatroom/deleteChatRoom',
    Type.Object({ uin: Uin, chatRoomId: RoomId }),
    async ({ params: p, caller }) => {
      await s.rooms.quit(caller, { uin: p.uin, room: p.chatRoomId });
      return ok('请求发送成功!');
    },
  );
}
