import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { KeywordHitView } from '../../api/types';
import { FakeSocket } from '../../test/fake-socket';
import { stubFetch } from '../../test/fetch-stub';
import { renderLive } from '../../test/live';
import { HitsCard } from './HitsCard';

const hit = (id: number): KeywordHitView => ({
  id,
  keyword: '返现',
  uin: '1001',
  room: { contactId: 20, userName: '20@chatroom', nickName: '客户群' },
  sender: 'wxid_a',
  messageId: id * 10,
  msgId: null,
  content: `第${id}条：返现`,
  time: 1_700_000_000_000 + id * 1000,
});

/** 60 stored hits, newest first, 50 to a page before a given id (as GET /keywords/hits pages them). */
const stored = Array.from({ length: 60 }, (_, i) => hit(60 - i));
const rows = () => document.querySelectorAll('[data-hit-id]');

describe('HitsCard', () => {
  it('pages back from the oldest hit shown, and reloads the newest page on a reconnect', async () => {
    const calls = stubFetch({
      'GET /keywords/hits': (c) => {
        const before = Number(c.query.get('before') ?? Infinity);
        return { body: stored.filter((h) => h.id < before).slice(0, Number(c.query.get('limit'))) };
      },
    });
    renderLive(<HitsCard onOpenChat={vi.fn()} />);
    await waitFor(() => expect(rows()).toHaveLength(50));
    expect(calls[0]!.query.get('before')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: '加载更多' }));
    await waitFor(() => expect(rows()).toHaveLength(60));
    expect(calls[1]!.query.get('before')).toBe('11');
    expect(screen.queryByRole('button', { name: '加载更多' })).toBeNull();

    act(() => FakeSocket.latest().drop());
    await waitFor(() => expect(FakeSocket.instances).toHaveLength(2));
    act(() => FakeSocket.latest().hello());
    await waitFor(() => expect(rows()).toHaveLength(50));
    expect(calls).toHaveLength(3);
    expect(calls[2]!.query.get('before')).toBeNull();
  });
});
