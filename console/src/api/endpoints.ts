import { request } from './client';
import type {
  ContactSetting,
  ContactView,
  ConversationView,
  DeskAccount,
  JobView,
  KeywordHitView,
  KeywordView,
  LoginAnswer,
  MemberDetail,
  MessageView,
  OperatorSummary,
  OperatorView,
  RoomMember,
  SearchResult,
  SearchType,
  SyncAnswer,
} from './types';

const enc = encodeURIComponent;

export const HISTORY_PAGE = 50;
export const CONVERSATION_PAGE = 30;
export const CONTACT_PAGE = 50;

/** Session. */
export const auth = {
  login: (username: string, password: string) =>
    request<LoginAnswer>('POST', '/auth/login', { body: { username, password }, expectUnauthorized: true }),
  logout: () => request<void>('POST', '/auth/logout', { expectUnauthorized: true }),
  me: () => request<OperatorView>('GET', '/auth/me', { expectUnauthorized: true }),
};

export interface ConversationQuery {
  type: 'single' | 'group';
  uin?: string | null;
  q?: string;
  page?: number;
  pageSize?: number;
}

/** Accounts, conversations and messages. */
export const inbox = {
  accounts: () => request<DeskAccount[]>('GET', '/accounts'),
  conversations: (q: ConversationQuery, signal?: AbortSignal) =>
    request<ConversationView[]>('GET', '/conversations', {
      query: { type: q.type, uin: q.uin, q: q.q?.trim(), page: q.page ?? 1, pageSize: q.pageSize ?? CONVERSATION_PAGE },
      ...(signal ? { signal } : {}),
    }),
  history: (contactId: number, before?: number) =>
    request<MessageView[]>('GET', `/conversations/${contactId}/messages`, { query: { before, limit: HISTORY_PAGE } }),
  sendText: (contactId: number, text: string, tokenId: string) =>
    request<MessageView>('POST', `/conversations/${contactId}/messages`, { body: { text, tokenId } }),
  sendImage: (contactId: number, file: File, tokenId: string) => {
    const form = new FormData();
    form.set('tokenId', tokenId);
    form.set('file', file);
    return request<MessageView>('POST', `/conversations/${contactId}/images`, { body: form });
  },
  markRead: (contactId: number) => request<void>('POST', `/conversations/${contactId}/read`),
};

/** Group management. */
export const rooms = {
  get: (contactId: number) => request<ContactView>('GET', `/rooms/${contactId}`),
  setAnnouncement: (contactId: number, content: string) =>
    request<unknown>('PUT', `/rooms/${contactId}/announcement`, { body: { content } }),
  members: (contactId: number) => request<RoomMember[]>('GET', `/rooms/${contactId}/members`),
  member: (contactId: number, userName: string) => request<MemberDetail>('GET', `/rooms/${contactId}/members/${enc(userName)}`),
  addFriend: (contactId: number, userName: string, verify: string) =>
    request<unknown>('POST', `/rooms/${contactId}/members/${enc(userName)}/friend-request`, { body: { verify } }),
  quit: (contactId: number) => request<unknown>('POST', `/rooms/${contactId}/quit`),
};

/** Address book of one account. */
export const contacts = {
  get: (contactId: number) => request<ContactView>('GET', `/contacts/${contactId}`),
  list: (uin: string, q: { type: 'friend' | 'room'; q?: string; page?: number }) =>
    request<ContactView[]>('GET', `/accounts/${enc(uin)}/contacts`, {
      query: { type: q.type, q: q.q?.trim(), page: q.page ?? 1, pageSize: CONTACT_PAGE },
    }),
  search: (uin: string, q: string, type: SearchType) =>
    request<SearchResult | null>('GET', `/accounts/${enc(uin)}/search`, { query: { q: q.trim(), type } }),
  /** Friend request to a searched user (the endpoint the contacts page needs; see the report). */
  addFriend: (uin: string, input: { userName: string; ticket: string; verify: string }) =>
    request<unknown>('POST', `/accounts/${enc(uin)}/friend-requests`, { body: input }),
  sync: (uin: string) => request<SyncAnswer>('POST', `/accounts/${enc(uin)}/sync`),
  job: (id: number) => request<JobView>('GET', `/jobs/${id}`),
  refresh: (contactId: number) => request<unknown>('POST', `/contacts/${contactId}/refresh`),
  setSetting: (contactId: number, setting: ContactSetting) =>
    request<unknown>('PUT', `/contacts/${contactId}/setting`, { body: { setting } }),
  deleteHistory: (contactId: number) => request<{ deleted: number }>('DELETE', `/contacts/${contactId}/messages`),
};

/** Sensitive keywords and their hits. */
export const keywords = {
  list: () => request<KeywordView[]>('GET', '/keywords'),
  add: (keyword: string) => request<KeywordView>('POST', '/keywords', { body: { keyword } }),
  remove: (id: number) => request<void>('DELETE', `/keywords/${id}`),
  hits: (before?: number) => request<KeywordHitView[]>('GET', '/keywords/hits', { query: { before, limit: 50 } }),
};

/** Adding WeChat accounts and logging them in or out (administrators). */
export const logins = {
  add: () => request<{ accepted: true; uin: string | null }>('POST', '/accounts', { body: {} }),
  login: (uin: string) => request<{ accepted: true; uin: string | null }>('POST', `/accounts/${enc(uin)}/login`),
  logout: (uin: string) => request<{ accepted: true; uin: string | null }>('POST', `/accounts/${enc(uin)}/logout`),
};

/** Operators (administrators). */
export const operators = {
  list: () => request<OperatorSummary[]>('GET', '/operators'),
  create: (input: { username: string; password: string; role: 'admin' | 'agent' }) =>
    request<OperatorView>('POST', '/operators', { body: input }),
  assign: (id: number, uins: string[]) => request<{ id: number; uins: string[] }>('PUT', `/operators/${id}/accounts`, { body: { uins } }),
  /** Disabled: no login, every session ended at once. */
  setDisabled: (id: number, disabled: boolean) => request<OperatorSummary>('PUT', `/operators/${id}`, { body: { disabled } }),
};
