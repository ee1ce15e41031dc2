import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../App';
import { FakeSocket, FakeWebSocket } from '../../test/fake-socket';
import { account, conversation } from '../../test/factories';
import { problem, stubFetch } from '../../test/fetch-stub';

const admin = { id: 1, username: 'admin', role: 'admin' as const };

const desk = {
  'GET /accounts': { body: [{ ...account(), unread: 2 }] },
  'GET /conversations': { body: [conversation({ id: 10, unread: 2, contact: { nickName: '张三' }, message: { content: '在吗？' } })] },
  'GET /keywords': { body: [] },
};

describe('login flow', () => {
  beforeEach(() => {
    FakeSocket.reset();
    vi.stubGlobal('WebSocket', FakeWebSocket);
  });

  it('logs in after a wrong password, shows the desk, and logs out', async () => {
    const calls = stubFetch({
      'GET /auth/me': problem(401, 'auth.required', '请先登录'),
      'POST /auth/login': (c) =>
        (c.body as { password: string }).password === 'right-pw'
          ? { body: { token: 't', operator: admin } }
          : problem(401, 'auth.failed', '用户名或密码错误'),
      'POST /auth/logout': { status: 204 },
      ...desk,
    });
    render(<App />);
    const user = await screen.findByLabelText('用户名');
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    expect(screen.getByRole('alert').textContent).toBe('请输入用户名和密码');

    fireEvent.change(user, { target: { value: 'admin' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('用户名或密码错误'));

    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'right-pw' } });
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    expect(await screen.findByText('在吗？')).toBeTruthy();
    expect(screen.getByRole('button', { name: /工作台/ })).toBeTruthy();
    expect(calls.find((c) => c.path === '/auth/login' && (c.body as { password: string }).password === 'right-pw')?.body).toEqual({
      username: 'admin',
      password: 'right-pw',
    });
    // The event stream opens on the page's origin, authenticated by the cookie.
    expect(FakeSocket.latest().url).toMatch(/^ws:\/\/.+\/api\/v1\/events$/);

    const socket = FakeSocket.latest();
    fireEvent.click(screen.getByRole('button', { name: /退出/ }));
    await waitFor(() => expect(screen.getByRole('button', { name: '登录' })).toBeTruthy());
    expect(calls.filter((c) => c.method === 'POST' && c.path === '/auth/logout')).toHaveLength(1);
    expect(socket.closedByClient).toBe(true);
    expect(FakeSocket.instances).toHaveLength(1);
  });

  it('restores the session on reload and goes back to login when it expires', async () => {
    let expired = false;
    stubFetch({
      'GET /auth/me': { body: admin },
      ...desk,
      'GET /conversations': () => (expired ? problem(401, 'auth.required', '请先登录') : desk['GET /conversations']),
    });
    render(<App />);
    expect(await screen.findByText('在吗？')).toBeTruthy();
    expired = true;
    fireEvent.click(screen.getByRole('tab', { name: '群聊' }));
    expect(await screen.findByLabelText('用户名')).toBeTruthy();
    expect(screen.getByText('登录已失效，请重新登录')).toBeTruthy();
  });
});
