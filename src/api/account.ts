import { Type, type Static } from '@sinclair/typebox';

export const AccountViewSchema = Type.Object(
  {
    id: Type.Number(),
    uin: Type.String(),
    userName: Type.String(),
    nickName: Type.String(),
    headImgUrl: Type.String(),
    online: Type.Boolean(),
    gatewayNode: Type.String(),
    createdAt: Type.Number(),
    lastLoginAt: Type.Union([Type.Number(), Type.Null()]),
  },
  { title: 'AccountView' },
);
export type AccountView = Static<typeof AccountViewSchema>;
