import type { AccountRow } from '../../store/schema.js';

/** A WeChat account logged into the desk, as services pass it to one another. */
export interface Account {
  id: number;
  uin: string;
  /** The account's own wxid. */
  userName: string;
  nickName: string;
  headImgUrl: string;
  online: boolean;
  /** The gateway node that hosts it. */
  gatewayNode: string;
  createdAt: number;
  lastLoginAt: number | null;
}

export const accountOf = (r: AccountRow): Account => ({
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
