import type { AccountView } from '../../api/account.js';
import type { AccountRow } from '../../store/schema.js';

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
