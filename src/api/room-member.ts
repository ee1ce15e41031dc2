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
