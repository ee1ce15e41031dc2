import { Type, type Static } from '@sinclair/typebox';

export const RoomMemberViewSchema = Type.Object(
  {
    userName: Type.String(),
    nickName: Type.String(),
    displayName: Type.String(),
    headImgUrl: Type.String(),
    pyInitial: Type.String(),
    pyQuanPin: Type.String(),
    isOwner: Type.Boolean(),
  },
  { title: 'RoomMemberView' },
);
export type RoomMemberView = Static<typeof RoomMemberViewSchema>;

/** GET /rooms/:id/members: a member, and whether the account already has them as a friend. */
export const RoomMemberSchema = Type.Composite([RoomMemberViewSchema, Type.Object({ isFriend: Type.Boolean() })], { title: 'RoomMember' });
export type RoomMember = Static<typeof RoomMemberSchema>;

/** GET /rooms/:id/members/:userName: a member's profile as WeChat shows it now. */
export const MemberDetailSchema = Type.Object(
  {
    userName: Type.String(),
    nickName: Type.String(),
    headImgUrl: Type.String(),
    displayName: Type.String(),
    isFriend: Type.Boolean(),
    remarkName: Type.Optional(Type.String()),
    alias: Type.Optional(Type.String()),
    sex: Type.Optional(Type.Integer()),
    province: Type.Optional(Type.String()),
    city: Type.Optional(Type.String()),
    signature: Type.Optional(Type.String()),
  },
  { title: 'MemberDetail' },
);
export type MemberDetail = Static<typeof MemberDetailSchema>;
