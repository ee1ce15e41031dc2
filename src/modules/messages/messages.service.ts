import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, MessageRow } from '../../store/schema.js';
import { isAdmin, type Caller } from '../../core/caller.js';
import { AppError, invalidParam } from '../../core/errors.js';
import { MsgType, SendStatus } from '../../core/message-types.js';
import type { Clock } from '../../core/time.js';
import type { CommandClient } from '../commands/command-client.js';
import type { Notifier } from '../commands/notifier.js';
import type { ContactsService } from '../contacts/contacts.service.js';
import type { MediaService, StoredMedia } from '../media/media.service.js';
import { touchConversation } from '../conversations/conversations.tx.js';
import { MEDIA_PREFIX } from '../media/media.service.js';
import {
  contactOfMessage,
  findByToken,
  findMessagesById,
  historyBefore,
  insertMessageOnce,
  mediaVisibleTo,
} from './messages.repository.js';
import { type MessageView } from '../../api/message.js';
import { toMessageView } from './message.view.js';

export const TEXT_MAX = 4000;

/** An image form as it arrived: the file (if there was one) and the form's tokenId. */
export interface ImageForm {
  file?: { data: Buffer; name: string };
  tokenId?: string;
}

interface OutgoingPayload {
  msgType: number;
  content: string;
  url?: string;
  fileName?: string;
  fileSize?: number;
}
export const HISTORY_PAGE_MAX = 100;

export class MessagesService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly contacts: ContactsService,
    private readonly commands: CommandClient,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
    private readonly media: MediaService,
  ) {}

  /** One page of a conversation's history, newest first, before the cursor message. */
  async history(caller: Caller, contactId: number, opts: { before?: number; limit: number }): Promise<MessageView[]> {
    // The caller's scope is part of the statement, so a page with messages proves access and
    // is the whole answer (one statement, one round trip on PostgreSQL). An empty page is the
    // start of the conversation, a cursor from elsewhere or no access: only then look why.
    const rows = await historyBefore(
      this.db,
      contactId,
      opts.before ?? null,
      Math.min(opts.limit, HISTORY_PAGE_MAX),
      isAdmin(caller) ? null : caller.id,
    );
    if (rows.length === 0) {
      const { contact } = await this.contacts.resolveById(caller, contactId);
      if (opts.before !== undefined) {
        if ((await contactOfMessage(this.db, opts.before)) !== contact.id) throw invalidParam('before', '不是该会话的消息');
      }
    }
    return rows.map(toMessageView);
  }

  async sendText(caller: Caller, input: { contactId: number; text: string; tokenId?: string }): Promise<MessageView> {
    const text = input.text;
    if (!text.trim()) throw invalidParam('text', '不能为空');
    // oxlint-disable-next-line typescript/no-misused-spread -- the limit counts code points on purpose, as the console does
    if ([...text].length > TEXT_MAX) throw invalidParam('text', `长度不能超过 ${TEXT_MAX}`);
    return this.send(caller, input.contactId, input.tokenId, { msgType: MsgType.text, content: text });
  }

  /** An image already stored by the media service, sent as msgType 3. */
  async sendImage(caller: Caller, input: { contactId: number; media: StoredMedia; tokenId?: string }): Promise<MessageView> {
    const { url, fileName, fileSize } = input.media;
    return this.send(caller, input.contactId, input.tokenId, { msgType: MsgType.image, content: '', url, fileName, fileSize });
  }

  /**
   * An uploaded image: access is checked first, so nothing is read or stored for a contact
   * the caller may not work; then the form is read and the file staged (the media service
   * checks it is an image). It is moved into place only in the transaction that stores its
   * message, after every check of the send: a refused send (a room the account left, a
   * tokenId of another conversation, an answer from an earlier send) deletes it.
   */
  async sendImageUpload(caller: Caller, contactId: number, readForm: () => Promise<ImageForm>): Promise<MessageView> {
    await this.contacts.resolveById(caller, contactId);
    const { file, tokenId } = await readForm();
    if (!file) throw invalidParam('file', '缺少图片文件');
    const staged = await this.media.stageImage(file.data, file.name);
    try {
      const { url, fileName, fileSize } = staged.media;
      return await this.send(caller, contactId, tokenId, { msgType: MsgType.image, content: '', url, fileName, fileSize }, () =>
        staged.commit(),
      );
    } finally {
      await staged.discard();
    }
  }

  /**
   * Whether the caller may read this media file: some message that carries it is on an
   * account the caller may see (served by the messages_media index).
   */
  async maySeeMedia(caller: Caller, name: string): Promise<boolean> {
    return mediaVisibleTo(this.db, `${MEDIA_PREFIX}${name}`, isAdmin(caller) ? null : caller.id);
  }

  /**
   * Stores the message as pending and hands it to the gateway; the result marks it sent or
   * failed. The same tokenId twice answers the first message and sends nothing more.
   */
  private async send(
    caller: Caller,
    contactId: number,
    token: string | undefined,
    payload: OutgoingPayload,
    /** Runs in the transaction that stores the message, once nothing can refuse the send any more. */
    beforeCommit?: () => Promise<void>,
  ): Promise<MessageView> {
    const { account, contact } = await this.contacts.resolveById(caller, contactId);
    if (contact.isDelete) throw new AppError('conflict', '已退出该群聊或已删除该联系人');
    const tokenId = token ?? `sendMsg-${randomUUID()}`;
    const existing = await findByToken(this.db, account.id, tokenId);
    if (existing) {
      if (existing.contact_id !== contact.id) throw new AppError('conflict', `tokenId 已用于其他会话: ${tokenId}`, 'tokenId');
      return toMessageView(existing);
    }
    const now = this.clock.now();
    let row: MessageRow;
    try {
      row = await this.db.transaction().execute(async (trx) => {
        const m = await insertMessageOnce(trx, {
          account_id: account.id,
          contact_id: contact.id,
          msg_id: null,
          token_id: tokenId,
          from_user_name: account.userName,
          to_user_name: contact.userName,
          sender_user_name: account.userName,
          msg_type: payload.msgType,
          content: payload.content,
          file_name: payload.fileName ?? null,
          file_size: payload.fileSize ?? null,
          url: payload.url ?? null,
          is_out: 1,
          send_status: SendStatus.pending,
          create_time: now,
        });
        if (!m) throw new AppError('conflict', `tokenId 重复: ${tokenId}`, 'tokenId');
        await touchConversation(trx, {
          contactId: contact.id,
          accountId: account.id,
          isRoom: contact.isRoom,
          messageId: m.id,
          time: now,
          unreadDelta: 0,
        });
        await beforeCommit?.();
        return m;
      });
    } catch (err) {
      // Two requests with one tokenId at once: the loser answers the winner's message.
      const winner = await findByToken(this.db, account.id, tokenId);
      if (winner && winner.contact_id === contact.id) return toMessageView(winner);
      throw err;
    }
    await this.notifier.notify({
      type: 'message.stored',
      data: { accountId: account.id, uin: account.uin, contactId: contact.id, messageId: row.id, isRoom: contact.isRoom },
    });
    await this.commands.send(
      payload.msgType === MsgType.text
        ? { kind: 'sendText', uin: account.uin, to: contact.userName, text: payload.content, tokenId }
        : {
            kind: 'sendMedia',
            uin: account.uin,
            to: contact.userName,
            msgType: payload.msgType,
            url: payload.url ?? '',
            fileName: payload.fileName ?? '',
            fileSize: payload.fileSize ?? 0,
            tokenId,
          },
    );
    return toMessageView(row);
  }

  /** No access check: for the event hub, which filters by account itself. */
  async viewOf(messageId: number): Promise<MessageView | undefined> {
    return (await this.viewsOf([messageId])).get(messageId);
  }

  /** viewOf for many messages in one query. */
  async viewsOf(messageIds: readonly number[]): Promise<Map<number, MessageView>> {
    if (messageIds.length === 0) return new Map();
    const rows = await findMessagesById(this.db, [...new Set(messageIds)]);
    return new Map(rows.map((r) => [r.id, toMessageView(r)]));
  }
}
