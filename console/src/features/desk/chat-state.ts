import type { MessageView, ServerEvent } from '../../api/types';

export const SEND_PENDING = 0;
export const SEND_OK = 1;
export const SEND_FAILED = 2;

export interface ChatState {
  contactId: number | null;
  /** Oldest first, as shown. */
  messages: MessageView[];
  /** More history exists before the oldest loaded message. */
  hasMore: boolean;
  loading: boolean;
  /** Message ids that a keyword hit named while the chat was loaded. */
  hitIds: ReadonlySet<number>;
}

export type ChatAction =
  | { type: 'open'; contactId: number | null }
  | { type: 'loading' }
  | { type: 'page'; contactId: number; newestFirst: MessageView[]; limit: number; reset: boolean }
  | { type: 'pageFailed'; contactId: number }
  | { type: 'local'; message: MessageView }
  | { type: 'accepted'; message: MessageView }
  | { type: 'rejected'; tokenId: string; reason: string }
  | { type: 'event'; event: ServerEvent };

export const emptyChat: ChatState = { contactId: null, messages: [], hasMore: false, loading: false, hitIds: new Set() };

const order = (a: MessageView, b: MessageView) => a.createTime - b.createTime || Math.abs(a.id) - Math.abs(b.id);

/** A status never goes back: a late "pending" answer does not undo the "sent" event before it. */
function merge(old: MessageView, next: MessageView): MessageView {
  if (old.sendStatus !== SEND_PENDING && next.sendStatus === SEND_PENDING) {
    return { ...next, sendStatus: old.sendStatus, failReason: old.failReason };
  }
  return next;
}

/** Adds or replaces a message, matched by id or by the client's tokenId. */
export function upsertMessage(list: readonly MessageView[], m: MessageView): MessageView[] {
  const i = list.findIndex((x) => (m.id > 0 && x.id === m.id) || (m.tokenId !== null && x.tokenId === m.tokenId));
  if (i >= 0) {
    const out = [...list];
    out[i] = merge(list[i]!, m);
    return out;
  }
  const last = list[list.length - 1];
  if (!last || order(last, m) <= 0) return [...list, m];
  return [...list, m].sort(order);
}

function applyEvent(state: ChatState, event: ServerEvent): ChatState {
  switch (event.type) {
    case 'message.new':
    case 'message.updated': {
      const m = event.data.message;
      if (m.contactId !== state.contactId) return state;
      if (event.type === 'message.updated' && !state.messages.some((x) => x.id === m.id || (m.tokenId && x.tokenId === m.tokenId)))
        return state;
      return { ...state, messages: upsertMessage(state.messages, m) };
    }
    case 'keyword.hit': {
      const { hit } = event.data;
      if (hit.room.contactId !== state.contactId) return state;
      return { ...state, hitIds: new Set([...state.hitIds, hit.messageId]) };
    }
    case 'conversation.deleted':
      return event.data.contactId === state.contactId ? { ...state, messages: [], hasMore: false } : state;
    case 'account.qr':
    case 'account.updated':
    case 'contact.updated':
    case 'conversation.updated':
    case 'friendRequest.updated':
    case 'job.progress':
    case 'room.updated':
    default:
      return state;
  }
}

/** The open chat: history pages, local sends and their fate, live messages. */
export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'open':
      return { ...emptyChat, contactId: action.contactId, loading: action.contactId !== null };
    case 'loading':
      return { ...state, loading: true };
    case 'page': {
      if (action.contactId !== state.contactId) return state;
      const older = [...action.newestFirst].reverse();
      const base = action.reset ? state.messages.filter((m) => m.id < 0 || m.sendStatus === SEND_PENDING) : state.messages;
      let messages = action.reset ? older : [...older.filter((m) => !base.some((x) => x.id === m.id)), ...base];
      if (action.reset) for (const m of base) messages = upsertMessage(messages, m);
      return { ...state, messages, hasMore: action.newestFirst.length >= action.limit, loading: false };
    }
    case 'pageFailed':
      return action.contactId === state.contactId ? { ...state, loading: false } : state;
    case 'local':
      return action.message.contactId === state.contactId ? { ...state, messages: upsertMessage(state.messages, action.message) } : state;
    case 'accepted':
      return action.message.contactId === state.contactId ? { ...state, messages: upsertMessage(state.messages, action.message) } : state;
    case 'rejected':
      return {
        ...state,
        messages: state.messages.map((m) =>
          m.tokenId === action.tokenId && m.id < 0 ? { ...m, sendStatus: SEND_FAILED, failReason: action.reason } : m,
        ),
      };
    case 'event':
      return applyEvent(state, action.event);
    default: {
      const never: never = action;
      return never;
    }
  }
}

let localSeq = 0;

/** A message shown at once while the server has not answered the send yet. */
export function localMessage(input: {
  contactId: number;
  tokenId: string;
  text?: string;
  imageUrl?: string;
  fileName?: string;
  from: string;
  to: string;
}): MessageView {
  localSeq += 1;
  return {
    id: -localSeq,
    contactId: input.contactId,
    msgId: null,
    tokenId: input.tokenId,
    fromUserName: input.from,
    toUserName: input.to,
    senderUserName: input.from,
    msgType: input.imageUrl ? 3 : 1,
    content: input.text ?? '[图片]',
    fileName: input.fileName ?? null,
    fileSize: null,
    url: input.imageUrl ?? null,
    isOut: true,
    sendStatus: SEND_PENDING,
    failReason: null,
    createTime: Date.now(),
  };
}

/** A client idempotency key for one send (works outside secure contexts too). */
export function newTokenId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `c-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
