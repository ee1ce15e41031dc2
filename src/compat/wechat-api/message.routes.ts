import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AccountsService } from '../../modules/accounts/accounts.service.js';
import type { ConversationsService } from '../../modules/conversations/conversations.service.js';
import { contractRoute, Envelope, ok } from './contract-route.js';
import { OptionalText, Page, RowId, Uin, WxId } from '../../http/params.js';
import { roomConversation, singleConversation } from './presenters.js';

const FindLastMsgList = Type.Object({
  status: Type.Integer({ minimum: 0, maximum: 9, default: 1 }),
  isRoom: Type.Optional(Type.Integer({ minimum: 0, maximum: 1 })),
  adminUserId: Type.Optional(RowId),
  uin: Type.Optional(Uin),
  page: Page.page,
  pageSize: Page.pageSize,
  wechatContactName: OptionalText(64),
});

// With isRoom, group chats answer a bare array, not the envelope.
const FindLastMsgListAnswer = Type.Union([Envelope, Type.Array(Type.Unknown(), { description: 'with isRoom: the group chats' })]);

const DelMsgByOwnerId = Type.Object({ ownerId: RowId, wechatUserName: WxId, wechatContactUserName: WxId, uin: Uin });

export interface MessageRoutesDeps {
  accounts: AccountsService;
  conversations: ConversationsService;
  /** The time zone of the contract's createTime strings. */
  tzDisplay: string;
}

export function messageRoutes(app: FastifyInstance, s: MessageRoutesDeps) {
  contractRoute(
    app,
    '/wechat_api/message/findLastMsgList',
    FindLastMsgList,
    async ({ params: p, caller }) => {
      s.accounts.checkAdminUserId(caller, p.adminUserId);
      const input = {
        page: p.page,
        pageSize: p.pageSize,
        ...(p.uin ? { uin: p.uin } : {}),
        ...(p.wechatContactName ? { search: p.wechatContactName } : {}),
      };
      // The seed tells the two variants apart by the presence of isRoom, not its value.
      if (p.isRoom !== undefined) {
        const rooms = await s.conversations.recent(caller, { ...input, isRoom: true });
        return rooms.map((c) => roomConversation(c, s.tzDisplay));
      }
      const { conversations, deleted } = await s.conversations.singleChatsWithDeletions(caller, input);
      return ok('查询成功', {
        delData: deleted.map((d) => ({ wechatContactId: d.contactId, userName: d.userName, uin: d.uin, wechatUserName: d.wechatUserName })),
        lastMsgList: conversations.map((c) => singleConversation(c, s.tzDisplay)),
      });
    },
    FindLastMsgListAnswer,
  );

  contractRoute(app, '/wechat_api/message/delMsgByOwnerId', DelMsgByOwnerId, async ({ params: p, caller }) => {
    await s.conversations.deleteHistory(caller, {
      uin: p.uin,
      wechatUserName: p.wechatUserName,
      contactId: p.ownerId,
      contactUserName: p.wechatContactUserName,
    });
    return ok('删除成功!');
  });
}
