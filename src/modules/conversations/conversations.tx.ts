/**
 * What other modules may do with conversations inside a transaction they own: a stored
 * message moves its conversation (ingest, a send from the desk), a starred room is listed
 * first, a duplicate message gives way to the desk's own row.
 */
export {
  conversationStates,
  repointLastMessage,
  setStarred,
  touchConversation,
  touchConversations,
  type ConversationTouch,
} from './conversations.repository.js';
