import { Type, type Static } from '@sinclair/typebox';

export const MessageViewSchema = Type.Object(
  {
    id: Type.Number(),
    contactId: Type.Number(),
    msgId: Type.Union([Type.String(), Type.Null()]),
    tokenId: Type.Union([Type.String(), Type.Null()]),
    fromUserName: Type.String(),
    toUserName: Type.String(),
    senderUserName: Type.String(),
    msgType: Type.Number(),
    content: Type.String(),
    fileName: Type.Union([Type.String(), Type.Null()]),
    fileSize: Type.Union([Type.Number(), Type.Null()]),
    url: Type.Union([Type.String(), Type.Null()]),
    isOut: Type.Boolean(),
    /** 0 pending, 1 sent, 2 failed. */
    sendStatus: Type.Number(),
    failReason: Type.Union([Type.String(), Type.Null()]),
    createTime: Type.Number(),
  },
  { title: 'MessageView' },
);
export type MessageView = Static<typeof MessageViewSchema>;
