import type { MessageRow } from '../../adapters/db/schema.js';

export interface MessageView {
  id: number;
  contactId: number;
  msgId: string | null;
  tokenId: string | null;
  fromUserName: string;
  toUserName: string;
  senderUserName: string;
  msgType: number;
  content: string;
  fileName: string | null;
  fileSize: number | null;
  url: string | null;
  isOut: boolean;
  /** 0 pending, 1 sent, 2 failed. */
  sendStatus: number;
  failReason: string | null;
  createTime: number;
}

type MessageColumns = Omit<MessageRow, 'id' | 'account_id' | 'contact_id' | 'fail_reason'> & { id: number; contact_id: number; fail_reason?: string | null };

export const toMessageView = (r: MessageColumns): MessageView => ({
  id: r.id,
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
