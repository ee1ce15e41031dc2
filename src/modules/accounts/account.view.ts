import { Type, type Static } from '@sinclair/typebox';
import type { AccountRow } from '../../adapters/db/schema.js';

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

export const toAccountView = (r: AccountRow): AccountView => ({
  id: r.id,
  uin: r.uin,
  userName: r.user_name,
  nickName: r.nick_name,
  headImgUrl: r.head_img_url,
  online: r.status === 1,
  gatewayNode: r.gateway_node,
  createdAt: r.created_at,
  lastLoginAt: r.last_login_at,
});
