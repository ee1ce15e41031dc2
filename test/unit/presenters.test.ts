import { describe, expect, it } from 'vitest';
import { roomConversation, singleConversation } from '../../src/compat/wechat-api/presenters.js';
import type { ConversationView } from '../../src/api/conversation.js';

const TZ = 'Asia/Shanghai';

function conversation(
  over: { message?: Partial<ConversationView['lastMessage']>; account?: Partial<ConversationView['account']> } = {},
): ConversationView {
  return {
    account: {
      id: 7,
      uin: '1000007',
      userName: 'wxid_owner',
      nickName: '销售一号',
      headImgUrl: '/avatars/o.png',
      online: true,
      gatewayNode: 'gw1',
      createdAt: 1_700_000_000_000,
      lastLoginAt: null,
      ...over.account,
    },
    contact: {
      id: 42,
      accountId: 7,
      userName: 'wxid_friend',
      nickName: '张三',
      remarkName: '',
      headImgUrl: '/avatars/f.png',
      isRoom: false,
      setting: 0,
      isDelete: false,
      contactFlag: 3,
      pyInitial: 'zs',
      pyQuanPin: 'zhangsan',
      remarkPyInitial: '',
      remarkPyQuanPin: '',
      alias: '',
      sex: 0,
      province: '',
      city: '',
      signature: '',
      announcement: '',
      ownerUserName: '',
      memberCount: 0,
    },
    lastMessage: {
      id: 9001,
      contactId: 42,
      msgId: null,
      tokenId: 'tok-1',
      fromUserName: 'wxid_owner',
      toUserName: 'wxid_friend',
      senderUserName: 'wxid_owner',
      msgType: 1,
      content: '你好',
      fileName: null,
      fileSize: null,
      url: null,
      isOut: true,
      sendStatus: 0,
      failReason: null,
      createTime: 1_700_000_100_000,
      ...over.message,
    },
    unread: 0,
    time: 1_700_000_100_000,
  };
}

const lastMsgOf = (c: ConversationView) => JSON.parse(singleConversation(c, TZ).lastMsg) as Record<string, unknown>;

describe('contract presenters: lastMsg written once per distinct value', () => {
  it('carries the message and its account, wechatUser as a JSON string', () => {
    const msg = lastMsgOf(conversation());
    expect(msg).toMatchObject({ content: '你好', loginer: '1', msgId: '', sendStatus: 0, tokenId: 'tok-1', uin: '1000007' });
    expect(JSON.parse(msg.wechatUser as string)).toMatchObject({
      wechatUserId: 7,
      userName: 'wxid_owner',
      nickName: '销售一号',
      status: 1,
    });
  });

  it('is never stale: a sent message, a renamed or offline account show at once', () => {
    expect(lastMsgOf(conversation())).toMatchObject({ sendStatus: 0, msgId: '' });
    expect(lastMsgOf(conversation({ message: { sendStatus: 1, msgId: '7281947291' } }))).toMatchObject({
      sendStatus: 1,
      msgId: '7281947291',
    });
    const renamed = lastMsgOf(
      conversation({ message: { sendStatus: 1, msgId: '7281947291' }, account: { nickName: '销售二号', online: false } }),
    );
    expect(JSON.parse(renamed.wechatUser as string)).toMatchObject({ nickName: '销售二号', status: 0 });
    expect(lastMsgOf(conversation({ message: { content: '改了' } })).content).toBe('改了');
  });

  it('gives single and group rows the same lastMsg string', () => {
    const c = conversation({ message: { id: 9002, content: '群里好' } });
    expect(roomConversation(c, TZ).lastMsg).toBe(singleConversation(c, TZ).lastMsg);
  });
});
