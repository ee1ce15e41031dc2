import { describe, expect, it, vi } from 'vitest';
import { problem, stubFetch } from '../test/fetch-stub';
import { ApiError, buildUrl, errorText, onUnauthorized, request } from './client';
import { inbox, keywords } from './endpoints';

describe('API client', () => {
  it('turns problem details into an ApiError that shows the detail', async () => {
    stubFetch({ 'POST /keywords': problem(400, 'param.invalid', '参数 keyword 不能为空', 'keyword') });
    const err = await keywords.add('').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.status).toBe(400);
    expect(e.code).toBe('param.invalid');
    expect(e.param).toBe('keyword');
    expect(e.detail).toBe('参数 keyword 不能为空');
    expect(errorText(e)).toBe('参数 keyword 不能为空');
  });

  it('gives a Chinese fallback when the answer is not problem details', async () => {
    stubFetch({ 'GET /accounts': { status: 502, body: undefined, contentType: 'text/html' } });
    const e = (await inbox.accounts().catch((x: unknown) => x)) as ApiError;
    expect(e.status).toBe(502);
    expect(e.code).toBe('http.502');
    expect(e.detail).toBe('服务器出错了，请稍后重试');
  });

  it('reports a network failure as code "network"', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const e = (await inbox.accounts().catch((x: unknown) => x)) as ApiError;
    expect(e.code).toBe('network');
    expect(e.detail).toContain('无法连接服务器');
  });

  it('ends the session on a 401, except where a 401 is an answer (login)', async () => {
    const handler = vi.fn();
    onUnauthorized(handler);
    stubFetch({
      'GET /accounts': problem(401, 'auth.required', '请先登录'),
      'POST /auth/login': problem(401, 'auth.failed', '用户名或密码错误'),
    });
    await expect(inbox.accounts()).rejects.toThrow('请先登录');
    expect(handler).toHaveBeenCalledTimes(1);
    await expect(request('POST', '/auth/login', { body: {}, expectUnauthorized: true })).rejects.toThrow('用户名或密码错误');
    expect(handler).toHaveBeenCalledTimes(1);
    onUnauthorized(null);
  });

  it('sends the console header on every call, reads and uploads alike', async () => {
    stubFetch({
      'GET /accounts': { status: 200, body: [] },
      'POST /conversations/:id/read': { status: 204 },
      'POST /conversations/:id/images': { status: 202, body: { id: 9 } },
    });
    await inbox.accounts();
    await inbox.markRead(7);
    await inbox.sendImage(3, new File(['x'], 'a.png', { type: 'image/png' }), 'tok-3');
    const sent = vi.mocked(fetch).mock.calls.map(([, init]) => (init!.headers as Record<string, string>)['x-wxdesk-csrf']);
    expect(sent).toEqual(['1', '1', '1']);
  });

  it('sends JSON with the cookie, reads 204 as undefined, and drops empty query values', async () => {
    const calls = stubFetch({
      'POST /conversations/:id/read': { status: 204 },
      'POST /conversations/:id/messages': { status: 202, body: { id: 5 } },
    });
    await expect(inbox.markRead(7)).resolves.toBeUndefined();
    await inbox.sendText(7, '你好', 'tok-1');
    expect(calls[1]).toMatchObject({ method: 'POST', path: '/conversations/7/messages', body: { text: '你好', tokenId: 'tok-1' } });
    const init = vi.mocked(fetch).mock.calls[1]![1]!;
    expect(init.credentials).toBe('same-origin');
    expect((init.headers as Record<string, string>)['content-type']).toBe('application/json');
    expect(buildUrl('/conversations', { type: 'group', uin: null, q: '', page: 2 })).toBe('/api/v1/conversations?type=group&page=2');
  });

  it('uploads images as multipart without setting a content type', async () => {
    const calls = stubFetch({ 'POST /conversations/:id/images': { status: 202, body: { id: 9 } } });
    await inbox.sendImage(3, new File(['x'], 'a.png', { type: 'image/png' }), 'tok-2');
    const body = calls[0]!.body as FormData;
    expect(body).toBeInstanceOf(FormData);
    expect(body.get('tokenId')).toBe('tok-2');
    expect((body.get('file') as File).name).toBe('a.png');
    const init = vi.mocked(fetch).mock.calls[0]![1]!;
    expect((init.headers as Record<string, string>)['content-type']).toBeUndefined();
  });
});
