import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { LiveConnection } from '../../live/connection';
import { LiveProvider } from '../../live/LiveContext';
import { FakeSocket, FakeWebSocket } from '../../test/fake-socket';
import { account, conversation, message } from '../../test/factories';
import { stubFetch } from '../../test/fetch-stub';
import { Desk } from './Desk';

const operator = { id: 1, username: 'admin', role: 'admin' as const };

function renderDesk() {
  const live = new LiveConnection({ url: 'ws://test/api/v1/events', WebSocketImpl: FakeWebSocket, backoff: () => 10 });
  live.start();
  render(
    <LiveProvider connection={live}>
      <Desk operator={operator} request={null} />
    </LiveProvider>,
  );
  act(() => FakeSocket.latest().hello());
  return FakeSocket.latest();
}

describe('the desk, live', () => {
  beforeEach(() => FakeSocket.reset());

  it('opens a chat, sends a text that goes pending → sent, and shows an inbound message live', async () => {
    let sent: { text: string; tokenId: string } | null = null;
    const calls = stubFetch({
      'GET /accounts': { body: [{ ...account(), unread: 1 }] },
      'GET /conversations': { body: [conversation({ id: 10, unread: 1, contact: { nickName: '张三' }, message: { content: '你好' } })] },
      'GET /keywords': { body: [] },
      'GET /conversations/10/messages': { body: [message({ id: 100, content: '你好' })] },
      'POST /conversations/10/read': { status: 204 },
      'POST /conversations/10/messages': (c) => {
        sent = c.body as { text: string; tokenId: string };
        return {
          status: 202,
          body: message({ id: 101, isOut: true, sendStatus: 0, content: sent.text, tokenId: sent.tokenId, createTime: Date.now() }),
        };
      },
    });
    const socket = renderDesk();
    fireEvent.click(await screen.findByText('张三'));
    await screen.findByText('你好', { selector: '.msg-text span' });
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === '/conversations/10/read')).toBe(true));

    fireEvent.change(screen.getByLabelText('输入消息'), { target: { value: '请问有什么可以帮您' } });
    fireEvent.keyDown(screen.getByLabelText('输入消息'), { key: 'Enter' });
    expect(await screen.findByLabelText('发送中')).toBeTruthy();
    await waitFor(() => expect(sent).not.toBeNull());
    expect(sent!.text).toBe('请问有什么可以帮您');

    act(() =>
      socket.emit({
        type: 'message.updated',
        data: {
          uin: '1001',
          message: message({ id: 101, isOut: true, sendStatus: 1, content: sent!.text, tokenId: sent!.tokenId, createTime: Date.now() }),
        },
      }),
    );
    await waitFor(() => expect(screen.queryByLabelText('发送中')).toBeNull());
    expect(screen.getByLabelText('已发送')).toBeTruthy();

    const inbound = message({ id: 102, content: '好的，谢谢', createTime: Date.now() + 1000 });
    const conv = conversation({ id: 10, unread: 1, time: inbound.createTime, contact: { nickName: '张三' }, message: inbound });
    act(() => socket.emit({ type: 'message.new', data: { uin: '1001', message: inbound, conversation: conv } }));
    expect(await screen.findByText('好的，谢谢', { selector: '.msg-text span' })).toBeTruthy();
    // The list shows it as the last message, without a badge while the chat is open.
    expect(document.querySelector('.conv-item[aria-current] .conv-preview')!.textContent).toBe('好的，谢谢');
    expect(document.querySelector('.conv-item[aria-current] .badge')).toBeNull();
  });

  it('marks a failed send with the reason the server gave', async () => {
    stubFetch({
      'GET /accounts': { body: [account()] },
      'GET /conversations': { body: [conversation({ id: 10, contact: { nickName: '张三' } })] },
      'GET /keywords': { body: [] },
      'GET /conversations/10/messages': { body: [] },
      'POST /conversations/10/read': { status: 204 },
      'POST /conversations/10/messages': {
        status: 409,
        body: { title: 'Conflict', status: 409, detail: '该微信号已离线', code: 'account.offline' },
      },
    });
    renderDesk();
    fireEvent.click(await screen.findByText('张三'));
    fireEvent.change(screen.getByLabelText('输入消息'), { target: { value: '在吗' } });
    fireEvent.click(screen.getByRole('button', { name: '发送' }));
    expect(await screen.findByText('该微信号已离线')).toBeTruthy();
    expect(screen.getByLabelText('发送失败')).toBeTruthy();
  });
});
