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

/** GET /accounts/:uin/search: the user found (or null), with the ticket a friend request needs. */
export const SearchResultSchema = Type.Object(
  {
    userName: Type.String(),
    nickName: Type.String(),
    headImgUrl: Type.String(),
    sex: Type.Integer(),
    province: Type.String(),
    city: Type.String(),
    signature: Type.String(),
    ticket: Type.String(),
  },
  { title: 'SearchResult' },
);
export type SearchResult = Static<typeof SearchResultSchema>;
