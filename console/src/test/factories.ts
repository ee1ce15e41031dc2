import type { AccountView, ContactView, ConversationView, MessageView } from '../api/types';

export const account = (over: Partial<AccountView> = {}): AccountView => ({
  id: 1,
  uin: '1001',
  userName: 'wxid_me',
  nickName: '销售小王',
  headImgUrl: '/avatars/wxid_me.svg',
  online: true,
  gatewayNode: 'simulator-1',
  createdAt: 1,
  lastLoginAt: 1,
  ...over,
});

export const contact = (over: Partial<ContactView> = {}): ContactView => ({
  id: 10,
  accountId: 1,
  userName: 'wxid_friend',
  nickName: '张三',
  remarkName: '',
  headImgUrl: '/avatars/wxid_friend.svg',
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
  ...over,
});

export const message = (over: Partial<MessageView> = {}): MessageView => ({
  id: 100,
  contactId: 10,
  msgId: 'm100',
  tokenId: null,
  fromUserName: 'wxid_friend',
  toUserName: 'wxid_me',
  senderUserName: 'wxid_friend',
  msgType: 1,
  content: '你好',
  fileName: null,
  fileSize: null,
  url: null,
  isOut: false,
  sendStatus: 1,
  failReason: null,
  createTime: 1_700_000_000_000,
  ...over,
});

export const conversation = (
  over: {
    id?: number;
    time?: number;
    unread?: number;
    contact?: Partial<ContactView>;
    account?: Partial<AccountView>;
    message?: Partial<MessageView>;
  } = {},
): ConversationView => {
  const id = over.id ?? 10;
  const time = over.time ?? 1_700_000_000_000;
  return {
    account: account(over.account),
    contact: contact({ id, ...over.contact }),
    lastMessage: message({ id: id * 10, contactId: id, createTime: time, ...over.message }),
    unread: over.unread ?? 0,
    time,
  };
};
