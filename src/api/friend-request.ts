import { Type, type Static } from '@sinclair/typebox';

export const FriendRequestViewSchema = Type.Object(
  {
    id: Type.Number(),
    uin: Type.String(),
    userName: Type.String(),
    room: Type.Union([Type.String(), Type.Null()]),
    verify: Type.String(),
    /** 0 sent, 1 accepted, 2 rejected or failed, 3 received. */
    status: Type.Number(),
    createdAt: Type.Number(),
    updatedAt: Type.Number(),
  },
  { title: 'FriendRequestView' },
);
export type FriendRequestView = Static<typeof FriendRequestViewSchema>;
