import { Type, type Static } from '@sinclair/typebox';

export const KeywordViewSchema = Type.Object(
  {
    id: Type.Number(),
    keyword: Type.String(),
    createdAt: Type.Number(),
  },
  { title: 'KeywordView' },
);
export type KeywordView = Static<typeof KeywordViewSchema>;

export const KeywordHitViewSchema = Type.Object(
  {
    id: Type.Number(),
    keyword: Type.String(),
    uin: Type.String(),
    room: Type.Object({ contactId: Type.Number(), userName: Type.String(), nickName: Type.String() }),
    sender: Type.String(),
    messageId: Type.Number(),
    msgId: Type.Union([Type.String(), Type.Null()]),
    content: Type.String(),
    time: Type.Number(),
  },
  { title: 'KeywordHitView' },
);
export type KeywordHitView = Static<typeof KeywordHitViewSchema>;
