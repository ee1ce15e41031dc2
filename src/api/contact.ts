import { Type, type Static } from '@sinclair/typebox';

export const ContactViewSchema = Type.Object(
  {
    id: Type.Number(),
    accountId: Type.Number(),
    userName: Type.String(),
    nickName: Type.String(),
    remarkName: Type.String(),
    headImgUrl: Type.String(),
    isRoom: Type.Boolean(),
    /** 0 default, 1 mute, 2 block, 3 star. */
    setting: Type.Number(),
    isDelete: Type.Boolean(),
    contactFlag: Type.Number(),
    pyInitial: Type.String(),
    pyQuanPin: Type.String(),
    remarkPyInitial: Type.String(),
    remarkPyQuanPin: Type.String(),
    alias: Type.String(),
    sex: Type.Number(),
    province: Type.String(),
    city: Type.String(),
    signature: Type.String(),
    announcement: Type.String(),
    ownerUserName: Type.String(),
    memberCount: Type.Number(),
  },
  { title: 'ContactView' },
);
export type ContactView = Static<typeof ContactViewSchema>;
