import type { ContactView, ConversationView, ServerEvent } from '../../api/types';

export type ConversationType = 'single' | 'group';

export interface ListFilter {
  type: ConversationType;
  /** One account, or null for every account the operator may see. */
  uin: string | null;
  q: string;
}

export interface ConversationsState {
  filter: ListFilter;
  items: ConversationView[];
}

export type ConversationsAction =
  | { type: 'filter'; filter: ListFilter }
  | { type: 'loaded'; items: ConversationView[]; append: boolean }
  | { type: 'read'; contactId: number }
  | { type: 'setting'; contactId: number; setting: number }
  | { type: 'event'; event: ServerEvent };

export const STAR = 3;

const isStarredRoom = (c: ConversationView) => c.contact.isRoom && c.contact.setting === STAR;

/** Group chats: starred rooms first; then newest first (ties by contact id, stable). */
export function sortConversations(items: readonly ConversationView[]): ConversationView[] {
  return [...items].sort((a, b) => {
    const star = Number(isStarredRoom(b)) - Number(isStarredRoom(a));
    if (star) return star;
    return b.time - a.time || b.contact.id - a.contact.id;
  });
}

/** Whether a conversation that is not on the list yet belongs to it. A search is done by the server (pinyin), so nothing joins a searched list. */
export function belongsTo(c: ConversationView, f: ListFilter): boolean {
  if (f.q.trim()) return false;
  if (c.contact.isDelete) return false;
  if (c.contact.isRoom !== (f.type === 'group')) return false;
  return f.uin === null || c.account.uin === f.uin;
}

function upsert(items: ConversationView[], next: ConversationView, filter: ListFilter): ConversationView[] {
  const i = items.findIndex((c) => c.contact.id === next.contact.id);
  if (next.contact.isDelete) return i < 0 ? items : items.filter((c) => c.contact.id !== next.contact.id);
  if (i < 0) return belongsTo(next, filter) ? sortConversations([...items, next]) : items;
  const old = items[i]!;
  // The list's contact can hold fields (setting, remark) newer than an event's snapshot only
  // if a contact event came in between; the event's conversation is read after the change.
  const merged: ConversationView = { ...next, contact: { ...old.contact, ...next.contact } };
  const out = [...items];
  out[i] = merged;
  return sortConversations(out);
}

function mergeContacts(items: ConversationView[], contacts: readonly ContactView[]): ConversationView[] {
  const byId = new Map(contacts.map((c) => [c.id, c]));
  let changed = false;
  const out: ConversationView[] = [];
  for (const c of items) {
    const fresh = byId.get(c.contact.id);
    if (!fresh) {
      out.push(c);
      continue;
    }
    changed = true;
    if (fresh.isDelete) continue;
    out.push({ ...c, contact: { ...c.contact, ...fresh } });
  }
  return changed ? sortConversations(out) : items;
}

function applyEvent(state: ConversationsState, event: ServerEvent): ConversationsState {
  const { items, filter } = state;
  switch (event.type) {
    case 'message.new':
      return event.data.conversation ? { ...state, items: upsert(items, event.data.conversation, filter) } : state;
    case 'conversation.updated': {
      const { conversation, contactId, unread } = event.data;
      if (!conversation) return { ...state, items: items.filter((c) => c.contact.id !== contactId) };
      return { ...state, items: upsert(items, { ...conversation, unread }, filter) };
    }
    case 'conversation.deleted':
      return { ...state, items: items.filter((c) => c.contact.id !== event.data.contactId) };
    case 'contact.updated':
      return { ...state, items: mergeContacts(items, event.data.contacts) };
    case 'room.updated':
      return { ...state, items: mergeContacts(items, [event.data.room]) };
    case 'account.updated': {
      const { account } = event.data;
      if (!items.some((c) => c.account.id === account.id)) return state;
      return { ...state, items: items.map((c) => (c.account.id === account.id ? { ...c, account } : c)) };
    }
    case 'message.updated': {
      const m = event.data.message;
      const i = items.findIndex((c) => c.lastMessage.id === m.id);
      if (i < 0) return state;
      const out = [...items];
      out[i] = { ...items[i]!, lastMessage: m };
      return { ...state, items: out };
    }
    case 'keyword.hit':
    case 'job.progress':
    case 'friendRequest.updated':
    case 'account.qr':
      return state;
    default: {
      const never: never = event;
      return never;
    }
  }
}

/** The recent-conversation list of the desk: loads, pages, and live events. */
export function conversationsReducer(state: ConversationsState, action: ConversationsAction): ConversationsState {
  switch (action.type) {
    case 'filter': {
      // A new search keeps the list on screen until its answer comes; another tab or account starts empty.
      const same = action.filter.type === state.filter.type && action.filter.uin === state.filter.uin;
      return { filter: action.filter, items: same ? state.items : [] };
    }
    case 'loaded': {
      if (!action.append) return { ...state, items: sortConversations(action.items) };
      const seen = new Set(state.items.map((c) => c.contact.id));
      return { ...state, items: sortConversations([...state.items, ...action.items.filter((c) => !seen.has(c.contact.id))]) };
    }
    case 'read':
      return { ...state, items: state.items.map((c) => (c.contact.id === action.contactId ? { ...c, unread: 0 } : c)) };
    case 'setting':
      return {
        ...state,
        items: sortConversations(
          state.items.map((c) => (c.contact.id === action.contactId ? { ...c, contact: { ...c.contact, setting: action.setting } } : c)),
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
