import type { AccountRow } from '../../adapters/db/schema.js';

export interface AccountView {
  id: number;
  uin: string;
  userName: string;
  nickName: string;
  headImgUrl: string;
  online: boolean;
  gatewayNode: string;
  createdAt: number;
  lastLoginAt: number | null;
}

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
