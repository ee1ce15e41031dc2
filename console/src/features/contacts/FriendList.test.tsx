import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { contact } from '../../test/factories';
import { stubFetch } from '../../test/fetch-stub';
import { renderLive } from '../../test/live';
import { FriendList } from './FriendList';

/** 55 friends: a full first page of 50 and a last page of 5; a search finds one. */
const friends = Array.from({ length: 55 }, (_, i) => contact({ id: i + 1, userName: `wxid_${i + 1}`, nickName: `好友${i + 1}` }));
const rows = () => document.querySelectorAll('[data-contact-id]');

describe('FriendList', () => {
  it('pages on scroll until the last page, and searches with one request once typing pauses', async () => {
    const calls = stubFetch({
      'GET /accounts/:uin/contacts': (c) => {
        if (c.query.get('q')) return { body: friends.slice(0, 1) };
        const page = Number(c.query.get('page'));
        return { body: friends.slice((page - 1) * 50, page * 50) };
      },
    });
    renderLive(<FriendList uin="1001" version={0} onOpenChat={vi.fn()} />);
    await waitFor(() => expect(rows()).toHaveLength(50));
    expect(Object.fromEntries(calls[0]!.query)).toEqual({ type: 'friend', page: '1', pageSize: '50' });

    const scroller = document.querySelector('.table-scroll')!;
    fireEvent.scroll(scroller);
    await waitFor(() => expect(rows()).toHaveLength(55));
    expect(calls[1]!.query.get('page')).toBe('2');
    fireEvent.scroll(scroller);
    expect(calls).toHaveLength(2);

    const box = screen.getByLabelText('搜索通讯录');
    for (const q of ['h', 'ha', 'hao']) fireEvent.change(box, { target: { value: q } });
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(calls).toHaveLength(3);
    expect(Object.fromEntries(calls[2]!.query)).toEqual({ type: 'friend', q: 'hao', page: '1', pageSize: '50' });
  });
});
