import type { MessageView } from '../../api/message.js';
import type { MessageRow } from '../../store/schema.js';

type MessageColumns = Omit<MessageRow, 'id' | 'account_id' | 'contact_id' | 'fail_reason'> & {
  id: number;
  contact_id: number;
  fail_reason?: string | null;
};

export const toMessageView = (r: MessageColumns): MessageView => messageViewOf(r, r.id);

/** The view of a message read with other rows' columns, its id under another name (the recent list's `message_id`). */
export const messageViewOf = (r: Omit<MessageColumns, 'id'>, id: number): MessageView => ({
  id,
  contactId: r.contact_id,
  msgId: r.msg_id,
  tokenId: r.token_id,
  fromUserName: r.from_user_name,
  toUserName: r.to_user_name,
  senderUserName: r.sender_user_name,
  msgType: r.msg_type,
  content: r.content,
  fileName: r.file_name,
  fileSize: r.file_size,
  url: r.url,
  isOut: r.is_out === 1,
  sendStatus: r.send_status,
  failReason: r.fail_reason ?? null,
  createTime: r.create_time,
});
