import { describe, expect, it } from 'vitest';
import { message } from '../../test/factories';
import { chatReducer, emptyChat, localMessage, SEND_FAILED, SEND_OK, SEND_PENDING, type ChatState } from './chat-state';

const open = (): ChatState => {
  const s = chatReducer(emptyChat, { type: 'open', contactId: 10 });
  // The server answers newest first.
  return chatReducer(s, {
    type: 'page',
    contactId: 10,
    newestFirst: [message({ id: 3, createTime: 3000 }), message({ id: 2, createTime: 2000 })],
    limit: 2,
    reset: true,
  });
};

describe('chat state', () => {
  it('shows history oldest first and knows when more is left', () => {
    const s = open();
    expect(s.messages.map((m) => m.id)).toEqual([2, 3]);
    expect(s.hasMore).toBe(true);
    expect(s.loading).toBe(false);
    const older = chatReducer(s, {
      type: 'page',
      contactId: 10,
      newestFirst: [message({ id: 1, createTime: 1000 })],
      limit: 2,
      reset: false,
    });
    expect(older.messages.map((m) => m.id)).toEqual([1, 2, 3]);
    expect(older.hasMore).toBe(false);
  });

  it('takes a send from pending to sent, whatever order the answer and the events arrive in', () => {
    const local = localMessage({ contactId: 10, tokenId: 't1', text: '在吗', from: 'wxid_me', to: 'wxid_friend' });
    let s = chatReducer(open(), { type: 'local', message: local });
    expect(s.messages.at(-1)).toMatchObject({ id: local.id, sendStatus: SEND_PENDING, content: '在吗' });
    const stored = message({ id: 4, tokenId: 't1', isOut: true, content: '在吗', sendStatus: SEND_PENDING, createTime: 4000 });
    // The event of the stored message comes before the POST answer…
    s = chatReducer(s, { type: 'event', event: { type: 'message.new', data: { uin: '1001', message: stored, conversation: null } } });
    s = chatReducer(s, {
      type: 'event',
      event: { type: 'message.updated', data: { uin: '1001', message: { ...stored, sendStatus: SEND_OK } } },
    });
    // …and the late 202 (still "pending") does not undo "sent".
    s = chatReducer(s, { type: 'accepted', message: stored });
    expect(s.messages.filter((m) => m.tokenId === 't1')).toHaveLength(1);
    expect(s.messages.at(-1)).toMatchObject({ id: 4, sendStatus: SEND_OK });
  });

  it('marks a send failed with the reason, from the server or from the POST', () => {
    const a = localMessage({ contactId: 10, tokenId: 'ta', text: 'a', from: 'me', to: 'x' });
    const b = localMessage({ contactId: 10, tokenId: 'tb', text: 'b', from: 'me', to: 'x' });
    let s = chatReducer(chatReducer(open(), { type: 'local', message: a }), { type: 'local', message: b });
    s = chatReducer(s, { type: 'rejected', tokenId: 'ta', reason: '消息过长' });
    s = chatReducer(s, {
      type: 'accepted',
      message: message({ id: 5, tokenId: 'tb', isOut: true, sendStatus: SEND_PENDING, createTime: 5000 }),
    });
    s = chatReducer(s, {
      type: 'event',
      event: {
        type: 'message.updated',
        data: { uin: '1001', message: message({ id: 5, tokenId: 'tb', isOut: true, sendStatus: SEND_FAILED, failReason: '对方不是好友' }) },
      },
    });
    expect(s.messages.find((m) => m.tokenId === 'ta')).toMatchObject({ sendStatus: SEND_FAILED, failReason: '消息过长' });
    expect(s.messages.find((m) => m.tokenId === 'tb')).toMatchObject({ id: 5, sendStatus: SEND_FAILED, failReason: '对方不是好友' });
  });

  it('appends live messages of this chat only, and flags keyword hits', () => {
    let s = chatReducer(open(), {
      type: 'event',
      event: { type: 'message.new', data: { uin: '1001', message: message({ id: 6, createTime: 6000 }), conversation: null } },
    });
    s = chatReducer(s, {
      type: 'event',
      event: { type: 'message.new', data: { uin: '1001', message: message({ id: 7, contactId: 99 }), conversation: null } },
    });
    s = chatReducer(s, {
      type: 'event',
      event: { type: 'message.new', data: { uin: '1001', message: message({ id: 6, createTime: 6000 }), conversation: null } },
    });
    expect(s.messages.map((m) => m.id)).toEqual([2, 3, 6]);
    const hit = {
      id: 1,
      keyword: '退款',
      uin: '1001',
      room: { contactId: 10, userName: 'r@chatroom', nickName: '群' },
      sender: 'wxid_a',
      messageId: 6,
      msgId: null,
      content: '退款',
      time: 1,
    };
    s = chatReducer(s, { type: 'event', event: { type: 'keyword.hit', data: { uin: '1001', hit } } });
    expect(s.hitIds.has(6)).toBe(true);
  });

  it('ignores pages of a chat that is no longer open, and keeps pending sends on a reload', () => {
    const local = localMessage({ contactId: 10, tokenId: 'tz', text: 'z', from: 'me', to: 'x' });
    let s = chatReducer(open(), { type: 'local', message: local });
    s = chatReducer(s, { type: 'page', contactId: 10, newestFirst: [message({ id: 3, createTime: 3000 })], limit: 50, reset: true });
    expect(s.messages.map((m) => m.tokenId ?? m.id)).toEqual([3, 'tz']);
    const other = chatReducer(s, {
      type: 'page',
      contactId: 11,
      newestFirst: [message({ id: 50, contactId: 11 })],
      limit: 50,
      reset: true,
    });
    expect(other).toBe(s);
  });
});
