import { Type, type Static } from '@sinclair/typebox';
import { AccountViewSchema } from './account.js';
import { ContactViewSchema } from './contact.js';
import { MessageViewSchema } from './message.js';

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
