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

/** GET /accounts: each account with the unread total of its conversations. */
export const AccountSummarySchema = Type.Composite([AccountViewSchema, Type.Object({ unread: Type.Integer() })], {
  title: 'AccountSummary',
});
export type AccountSummary = Static<typeof AccountSummarySchema>;
