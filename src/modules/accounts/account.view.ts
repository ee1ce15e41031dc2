import type { AccountView } from '../../api/account.js';
import type { Account } from './account.js';

export const toAccountView = (a: Account): AccountView => ({
  id: a.id,
  uin: a.uin,
  userName: a.userName,
  nickName: a.nickName,
  headImgUrl: a.headImgUrl,
  online: a.online,
  gatewayNode: a.gatewayNode,
  createdAt: a.createdAt,
  lastLoginAt: a.lastLoginAt,
});
