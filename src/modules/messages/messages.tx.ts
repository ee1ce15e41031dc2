import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';

/**
 * What other modules may do with messages inside a transaction they own: ingest stores what
 * the gateway reports and completes the desk's pending sends; a history deletion empties a
 * conversation.
 */
export { deleteConversationMessages, findByToken, insertMessageOnce, insertMessagesOnce, updateMessage } from './messages.repository.js';

/** The id of the message the account already has under this WeChat id, if any. */
export const findIdByMsgId = async (db: Kysely<Database>, accountId: number, msgId: string) =>
  (await db.selectFrom('messages').select('id').where('account_id', '=', accountId).where('msg_id', '=', msgId).executeTakeFirst())?.id;

export const deleteMessage = (db: Kysely<Database>, id: number) => db.deleteFrom('messages').where('id', '=', id).execute();
