import type { ConversationView } from '../../api/conversation.js';
import { contactViewOf } from '../contacts/contact.view.js';
import { messageViewOf } from '../messages/message.view.js';
import type { RecentRow } from './conversations.repository.js';

export const toConversationView = (r: RecentRow): ConversationView => ({
  account: {
    id: r.account_id,
    uin: r.uin,
    userName: r.account_user_name,
    nickName: r.account_nick_name,
    headImgUrl: r.account_head_img_url,
    online: r.account_status === 1,
    gatewayNode: r.gateway_node,
    createdAt: r.account_created_at,
    lastLoginAt: r.account_last_login_at,
  },
  contact: contactViewOf(r, r.contact_id),
  lastMessage: messageViewOf(r, r.message_id),
  unread: r.unread,
  time: r.last_time,
});
