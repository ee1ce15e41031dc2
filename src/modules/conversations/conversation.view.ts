import { Type, type Static } from '@sinclair/typebox';
import { AccountViewSchema } from '../accounts/account.view.js';
import { ContactViewSchema } from '../contacts/contact.view.js';
import { MessageViewSchema } from '../messages/message.view.js';
import type { RecentRow } from './conversations.repository.js';

export const ConversationViewSchema = Type.Object(
  {
    account: AccountViewSchema,
    contact: ContactViewSchema,
    lastMessage: MessageViewSchema,
    unread: Type.Number(),
    time: Type.Number(),
  },
  { title: 'ConversationView' },
);
export type ConversationView = Static<typeof ConversationViewSchema>;

export const DeletedConversationSchema = Type.Object(
  {
    contactId: Type.Number(),
    userName: Type.String(),
    uin: Type.String(),
    wechatUserName: Type.String(),
    deletedAt: Type.Number(),
  },
  { title: 'DeletedConversation' },
);
export type DeletedConversation = Static<typeof DeletedConversationSchema>;

export const toConversationView = (r: RecentRow): ConversationView => ({
  account: {
    id: r.account_id,
    uin: r.uin,
    userName: r.account_user_name,
    nickName: r.account_nick_name,
    headImgUrl: r.account_head_img_url,
    online: r.account_status === 1,
    gatewayNode: r.gateway_node,
    createdAt: r.account_created_at,
    lastLoginAt: r.account_last_login_at,
  },
  contact: {
    id: r.contact_id,
    accountId: r.account_id,
    userName: r.user_name,
    nickName: r.nick_name,
    remarkName: r.remark_name,
    headImgUrl: r.head_img_url,
    isRoom: r.user_name.endsWith('@chatroom'),
    setting: r.setting,
    isDelete: r.is_delete === 1,
    contactFlag: r.contact_flag,
    pyInitial: r.py_initial,
    pyQuanPin: r.py_quan_pin,
    remarkPyInitial: r.remark_py_initial,
    remarkPyQuanPin: r.remark_py_quan_pin,
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
    id: r.message_id,
    contactId: r.contact_id,
    msgId: r.msg_id,
    tokenId: r.token_id,
    fromUserName: r.from_user_name,
    toUserName: r.to_user_name,
    senderUserName: r.sender_user_name,
    msgType: r.msg_type,
    content: r.content,
    fileName: r.file_name,
    fileSize: r.file_size,
    url: r.url,
    isOut: r.is_out === 1,
    sendStatus: r.send_status,
    failReason: null,
    createTime: r.create_time,
  },
  unread: r.unread,
  time: r.last_time,
});
