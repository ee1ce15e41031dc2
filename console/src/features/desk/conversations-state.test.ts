import { describe, expect, it } from 'vitest';
import type { ConversationsState } from './conversations-state';
import { conversationsReducer, sortConversations } from './conversations-state';
import { account, contact, conversation, message } from '../../test/factories';

const room = (id: number, time: number, setting = 0, unread = 0) =>
  conversation({ id, time, unread, contact: { isRoom: true, userName: `${id}@chatroom`, nickName: `群${id}`, setting } });

const groups = (items = [room(1, 100), room(2, 300), room(3, 200)]): ConversationsState =>
  conversationsReducer({ filter: { type: 'group', uin: null, q: '' }, items: [] }, { type: 'loaded', items, append: false });

const ids = (s: ConversationsState) => s.items.map((c) => c.contact.id);

describe('conversation list state', () => {
  it('orders starred rooms first, then newest first', () => {
    expect(sortConversations([room(1, 100), room(2, 300, 3), room(3, 200), room(4, 50, 3)]).map((c) => c.contact.id)).toEqual([2, 4, 3, 1]);
    expect(ids(groups())).toEqual([2, 3, 1]);
  });

  it('moves a conversation to the top on a new message and takes its unread count', () => {
    const s = conversationsReducer(groups(), {
      type: 'event',
      event: { type: 'message.new', data: { uin: '1001', message: message({ contactId: 1 }), conversation: room(1, 400, 0, 5) } },
    });
    expect(ids(s)).toEqual([1, 2, 3]);
    expect(s.items[0]!.unread).toBe(5);
  });

  it('adds a new conversation only to the list it belongs to', () => {
    const newRoom = room(9, 500);
    const single = conversation({ id: 8, time: 600 });
    let s = conversationsReducer(groups(), {
      type: 'event',
      event: { type: 'message.new', data: { uin: '1001', message: message(), conversation: newRoom } },
    });
    s = conversationsReducer(s, {
      type: 'event',
      event: { type: 'message.new', data: { uin: '1001', message: message(), conversation: single } },
    });
    expect(ids(s)).toEqual([9, 2, 3, 1]);
    // Another account's list, or a search (done by the server) takes no newcomers.
    const otherAccount = conversationsReducer(
      { ...groups(), filter: { type: 'group', uin: '2002', q: '' } },
      { type: 'event', event: { type: 'message.new', data: { uin: '1001', message: message(), conversation: newRoom } } },
    );
    expect(ids(otherAccount)).toEqual([2, 3, 1]);
    const searching = conversationsReducer(
      { ...groups(), filter: { type: 'group', uin: null, q: 'vip' } },
      { type: 'event', event: { type: 'message.new', data: { uin: '1001', message: message(), conversation: newRoom } } },
    );
    expect(ids(searching)).toEqual([2, 3, 1]);
  });

  it('applies unread changes, read marks and deletions', () => {
    let s = conversationsReducer(groups(), {
      type: 'event',
      event: { type: 'conversation.updated', data: { uin: '1001', contactId: 3, unread: 7, conversation: room(3, 200, 0, 7) } },
    });
    expect(s.items.find((c) => c.contact.id === 3)!.unread).toBe(7);
    s = conversationsReducer(s, { type: 'read', contactId: 3 });
    expect(s.items.find((c) => c.contact.id === 3)!.unread).toBe(0);
    s = conversationsReducer(s, { type: 'event', event: { type: 'conversation.deleted', data: { uin: '1001', contactId: 2 } } });
    expect(ids(s)).toEqual([3, 1]);
    s = conversationsReducer(s, {
      type: 'event',
      event: { type: 'conversation.updated', data: { uin: '1001', contactId: 1, unread: 0, conversation: null } },
    });
    expect(ids(s)).toEqual([3]);
  });

  it('moves a room that was starred to the top, and drops a room that was quit', () => {
    const starred = contact({ id: 1, isRoom: true, userName: '1@chatroom', nickName: '群1', setting: 3 });
    let s = conversationsReducer(groups(), { type: 'event', event: { type: 'room.updated', data: { uin: '1001', room: starred } } });
    expect(ids(s)).toEqual([1, 2, 3]);
    expect(s.items[0]!.contact.setting).toBe(3);
    s = conversationsReducer(s, { type: 'setting', contactId: 1, setting: 0 });
    expect(ids(s)).toEqual([2, 3, 1]);
    s = conversationsReducer(s, {
      type: 'event',
      event: { type: 'room.updated', data: { uin: '1001', room: { ...starred, isDelete: true } } },
    });
    expect(ids(s)).toEqual([2, 3]);
  });

  it('updates the account of its conversations and the last message status', () => {
    let s = conversationsReducer(groups(), {
      type: 'event',
      event: { type: 'account.updated', data: { uin: '1001', account: account({ online: false }) } },
    });
    expect(s.items.every((c) => !c.account.online)).toBe(true);
    const last = s.items[0]!.lastMessage;
    s = conversationsReducer(s, {
      type: 'event',
      event: { type: 'message.updated', data: { uin: '1001', message: { ...last, sendStatus: 2, failReason: '对方已拒收' } } },
    });
    expect(s.items[0]!.lastMessage.sendStatus).toBe(2);
  });

  it('appends a next page without duplicates', () => {
    const s = conversationsReducer(groups(), { type: 'loaded', items: [room(3, 200), room(4, 10)], append: true });
    expect(ids(s)).toEqual([2, 3, 1, 4]);
  });
});

describe('conversation list filters', () => {
  it('keeps the list while a search is typed, and starts empty on another tab or account', () => {
    const s = groups();
    expect(ids(conversationsReducer(s, { type: 'filter', filter: { type: 'group', uin: null, q: 'vip' } }))).toEqual([2, 3, 1]);
    expect(ids(conversationsReducer(s, { type: 'filter', filter: { type: 'single', uin: null, q: '' } }))).toEqual([]);
    expect(ids(conversationsReducer(s, { type: 'filter', filter: { type: 'group', uin: '1001', q: '' } }))).toEqual([]);
  });
});
