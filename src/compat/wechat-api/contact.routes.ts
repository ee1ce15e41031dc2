import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { invalidParam } from '../../core/errors.js';
import type { SearchType } from '../../ports/gateway.js';
import type { ContactsService } from '../../modules/contacts/contacts.service.js';
import type { FriendsService } from '../../modules/friends/friends.service.js';
import type { JobsService } from '../../modules/jobs/jobs.service.js';
import { contractRoute, ok } from './contract-route.js';
import { OptionalText, RoomId, RowId, Text, Uin, WxId } from '../../http/params.js';

const SearchTypeParam = OptionalText(16);

/** wxid, phone or QQ: named by `type` (names or 1/2/3), or guessed from the text when absent. */
export function searchTypeOf(type: string | undefined, query: string): SearchType {
  const t = (type ?? '').toLowerCase();
  if (t === 'wxid' || t === '1') return 'wxid';
  if (t === 'phone' || t === 'mobile' || t === '2') return 'phone';
  if (t === 'qq' || t === '3') return 'qq';
  if (t !== '' && t !== '0') throw invalidParam('type', '只能是 wxid、phone 或 qq');
  if (/^1\d{10}$/.test(query)) return 'phone';
  if (/^\d{5,11}$/.test(query)) return 'qq';
  return 'wxid';
}

export interface ContactRoutesDeps {
  contacts: ContactsService;
  friends: FriendsService;
  jobs: JobsService;
}

export function contactRoutes(app: FastifyInstance, s: ContactRoutesDeps) {
  contractRoute(
    app,
    '/wechat_api/wechatContact/updateSetting',
    Type.Object({ contactId: RowId, setting: Type.Integer({ minimum: 0, maximum: 3 }), wechatUserName: WxId, uin: Uin }),
    async ({ params: p, caller }) => {
      await s.contacts.updateSetting(caller, p);
      return ok('保存成功');
    },
  );

  contractRoute(app, '/wechat_api/wechatuser/syncContact', Type.Object({ uin: Uin }), async ({ params: p, caller }) => {
    await s.jobs.syncContacts(caller, p.uin);
    return { code: 200, msg: '同步请求已提交,请耐心等待!', data: null };
  });

  contractRoute(
    app,
    '/wechat_api/wechatContact/ipadGetMemberDetail',
    Type.Object({ chatRoomName: RoomId, uin: Uin, userName: WxId }),
    async ({ params: p, caller }) => {
      const detail = await s.friends.memberDetail(caller, { uin: p.uin, room: p.chatRoomName, userName: p.userName });
      return ok('获取群成员详情成功!', detail);
    },
  );

  contractRoute(
    app,
    '/wechat_api/wechatContact/addChatRoomContactAndRecord',
    Type.Object({ chatRoomName: RoomId, uin: Uin, userName: WxId, verify: OptionalText(200) }),
    async ({ params: p, caller }) => {
      await s.friends.addFromRoom(caller, {
        uin: p.uin,
        room: p.chatRoomName,
        userName: p.userName,
        ...(p.verify ? { verify: p.verify } : {}),
      });
      return ok('添加群好友成功!');
    },
  );

  contractRoute(
    app,
    '/wechat_api/wechatContact/ipadSearchContact',
    Type.Object({ type: SearchTypeParam, uin: Uin, userName: Text(128), verify: OptionalText(200) }),
    async ({ params: p, caller }) => {
      const query = p.userName.trim();
      if (!query) throw invalidParam('userName', '不能为空');
      const found = await s.friends.search(caller, { uin: p.uin, query, type: searchTypeOf(p.type, query) }, 'userName');
      return ok('搜索好友请求成功!', found);
    },
  );

  contractRoute(
    app,
    '/wechat_api/wechatContact/ipadGetContact',
    Type.Object({ uin: Uin, userName: WxId }),
    async ({ params: p, caller }) => {
      await s.friends.refreshContact(caller, { uin: p.uin, userName: p.userName });
      return ok('同步好友请求成功!', null);
    },
  );
}
