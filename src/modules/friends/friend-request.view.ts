import type { FriendRequestView } from '../../api/friend-request.js';
import type { FriendRequestRow } from '../../store/schema.js';

export const toFriendRequestView = (uin: string, r: FriendRequestRow): FriendRequestView => ({
  id: r.id,
  uin,
  userName: r.user_name,
  room: r.room_user_name,
  verify: r.verify,
  status: r.status,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
