import { act, renderHook } from '@testing-library/react';
import { useState, type ReactNode } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveConnection } from '../live/connection';
import { LiveProvider } from '../live/LiveContext';
import { FakeSocket, FakeWebSocket } from '../test/fake-socket';
import { SEARCH_DEBOUNCE_MS, usePagedList } from './usePagedList';

const PAGE = 3;

interface Props {
  tab: string;
  search: string;
}

/** One request the hook made; the test answers it when it likes, in any order. */
interface Request extends Props {
  page: number;
  last: number | undefined;
  answer: (items: number[]) => Promise<void>;
  fail: (err: Error) => Promise<void>;
}

function setup(initial: Props = { tab: 'a', search: '' }) {
  FakeSocket.reset();
  const live = new LiveConnection({ url: 'ws://test/api/v1/events', WebSocketImpl: FakeWebSocket, backoff: () => 10 });
  live.start();
  FakeSocket.latest().hello();
  const requests: Request[] = [];

  const fetchPage = (props: Props, page: number, last: number | undefined) =>
    new Promise<number[]>((resolve, reject) => {
      // Settling inside act lets the hook's continuation and React's re-render run before the test looks.
      const settle = (f: () => void) =>
        act(async () => {
          f();
          await Promise.resolve();
        });
      requests.push({ ...props, page, last, answer: (items) => settle(() => resolve(items)), fail: (err) => settle(() => reject(err)) });
    });

  const wrapper = ({ children }: { children: ReactNode }) => <LiveProvider connection={live}>{children}</LiveProvider>;
  const hook = renderHook(
    (props: Props) => {
      const [items, setItems] = useState<number[]>([]);
      const list = usePagedList<number>({
        query: { tab: props.tab },
        search: props.search,
        pageSize: PAGE,
        fetchPage: (page, last) => fetchPage(props, page, last),
        onPage: (page, append) => setItems((old) => (append ? [...old, ...page] : page)),
      });
      return { items, ...list };
    },
    { wrapper, initialProps: initial },
  );

  const reconnect = () => {
    act(() => FakeSocket.latest().drop());
    act(() => {
      vi.advanceTimersByTime(10);
    });
    act(() => FakeSocket.latest().hello());
  };
  return { hook, requests, reconnect };
}

// A block body: advanceTimersByTime answers vi, which act would take for a promise.
const tick = (ms: number): void => {
  act(() => {
    vi.advanceTimersByTime(ms);
  });
};

describe('usePagedList', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  it('loads the first page at once when nothing is searched', async () => {
    const { hook, requests } = setup();
    tick(0);
    expect(requests).toMatchObject([{ page: 1, last: undefined, tab: 'a', search: '' }]);
    expect(hook.result.current.loading).toBe(true);
    await requests[0]!.answer([1, 2, 3]);
    expect(hook.result.current).toMatchObject({ items: [1, 2, 3], loading: false, hasMore: true, error: null });
  });

  it('makes one request for quick typing, once the search has paused', async () => {
    const { hook, requests } = setup();
    tick(0);
    await requests[0]!.answer([1, 2, 3]);
    for (const search of ['z', 'zh', 'zha']) {
      hook.rerender({ tab: 'a', search });
      tick(SEARCH_DEBOUNCE_MS - 50);
    }
    expect(requests).toHaveLength(1);
    tick(49);
    expect(requests).toHaveLength(1);
    tick(1);
    expect(requests).toHaveLength(2);
    expect(requests[1]).toMatchObject({ page: 1, search: 'zha' });
    await requests[1]!.answer([7]);
    expect(hook.result.current.items).toEqual([7]);
    tick(1000);
    expect(requests).toHaveLength(2);
  });

  it('drops a slow earlier answer that arrives after a newer one', async () => {
    const { hook, requests } = setup();
    tick(0);
    hook.rerender({ tab: 'b', search: '' });
    tick(0);
    expect(requests.map((r) => r.tab)).toEqual(['a', 'b']);
    await requests[1]!.answer([4, 5]);
    await requests[0]!.answer([1, 2, 3]);
    expect(hook.result.current).toMatchObject({ items: [4, 5], loading: false, hasMore: false });
  });

  it('ignores a stale failure: no error, and loading goes on for the newer request', async () => {
    const { hook, requests } = setup();
    tick(0);
    hook.rerender({ tab: 'b', search: '' });
    tick(0);
    await requests[0]!.fail(new Error('timed out'));
    expect(hook.result.current).toMatchObject({ loading: true, error: null });
    await requests[1]!.answer([4]);
    expect(hook.result.current).toMatchObject({ items: [4], loading: false, error: null });
  });

  it('loads more by appending the next page, one at a time, and stops at the end', async () => {
    const { hook, requests } = setup();
    tick(0);
    await requests[0]!.answer([1, 2, 3]);
    act(() => hook.result.current.loadMore());
    act(() => hook.result.current.loadMore());
    expect(requests.map((r) => [r.page, r.last])).toEqual([
      [1, undefined],
      [2, 3],
    ]);
    await requests[1]!.answer([4, 5, 6]);
    expect(hook.result.current).toMatchObject({ items: [1, 2, 3, 4, 5, 6], hasMore: true });
    act(() => hook.result.current.loadMore());
    expect(requests[2]).toMatchObject({ page: 3, last: 6 });
    await requests[2]!.answer([7]);
    expect(hook.result.current).toMatchObject({ items: [1, 2, 3, 4, 5, 6, 7], hasMore: false, loading: false });
    act(() => hook.result.current.loadMore());
    expect(requests).toHaveLength(3);
  });

  it('reloads the first page when the live stream reconnects', async () => {
    const { hook, requests, reconnect } = setup();
    tick(0);
    await requests[0]!.answer([1, 2, 3]);
    act(() => hook.result.current.loadMore());
    await requests[1]!.answer([4, 5, 6]);
    reconnect();
    tick(0);
    expect(requests).toHaveLength(3);
    expect(requests[2]).toMatchObject({ page: 1, last: undefined, tab: 'a' });
    await requests[2]!.answer([9, 8, 7]);
    expect(hook.result.current).toMatchObject({ items: [9, 8, 7], hasMore: true });
    // Paging goes on from the reloaded first page.
    act(() => hook.result.current.loadMore());
    expect(requests[3]).toMatchObject({ page: 2, last: 7 });
  });

  it('starts again at the first page when the query changes', async () => {
    const { hook, requests } = setup();
    tick(0);
    await requests[0]!.answer([1, 2, 3]);
    act(() => hook.result.current.loadMore());
    await requests[1]!.answer([4, 5, 6]);
    hook.rerender({ tab: 'b', search: '' });
    tick(0);
    expect(requests[2]).toMatchObject({ page: 1, last: undefined, tab: 'b' });
    await requests[2]!.answer([10]);
    expect(hook.result.current).toMatchObject({ items: [10], hasMore: false });
  });

  it('shows a failure until a later load succeeds, keeping the list', async () => {
    const { hook, requests } = setup();
    tick(0);
    await requests[0]!.answer([1, 2, 3]);
    act(() => hook.result.current.loadMore());
    await requests[1]!.fail(new Error('网络不可用'));
    expect(hook.result.current).toMatchObject({ items: [1, 2, 3], loading: false, error: '网络不可用', hasMore: true });
    act(() => hook.result.current.loadMore());
    expect(requests[2]).toMatchObject({ page: 2 });
    await requests[2]!.answer([4]);
    expect(hook.result.current).toMatchObject({ items: [1, 2, 3, 4], error: null });
  });
});
