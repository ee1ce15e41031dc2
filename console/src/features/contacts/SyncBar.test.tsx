import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { JobView } from '../../api/types';
import { stubFetch } from '../../test/fetch-stub';
import { renderLive } from '../../test/live';
import { percent, SyncBar } from './SyncBar';

const job = (over: Partial<JobView> = {}): JobView => ({
  id: 7,
  uin: '1001',
  kind: 'syncContacts',
  status: 'running',
  done: 0,
  total: 0,
  error: null,
  createdAt: 1,
  updatedAt: 1,
  ...over,
});

describe('SyncBar', () => {
  it('computes a bounded percentage', () => {
    expect(percent(job({ done: 5, total: 20 }))).toBe(25);
    expect(percent(job({ done: 0, total: 0 }))).toBe(0);
    expect(percent(job({ done: 30, total: 20 }))).toBe(100);
    expect(percent(job({ status: 'done', done: 0, total: 0 }))).toBe(100);
  });

  it('starts a sync and follows its progress events to the end', async () => {
    const calls = stubFetch({
      'POST /accounts/1001/sync': { status: 202, body: { job: job(), started: true } },
      'GET /jobs/7': { body: job() },
    });
    const onDone = vi.fn();
    const { socket } = renderLive(<SyncBar uin="1001" onDone={onDone} />);
    fireEvent.click(screen.getByRole('button', { name: '同步通讯录' }));
    await screen.findByRole('button', { name: '同步中…' });
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/accounts/1001/sync' });

    act(() => socket.emit({ type: 'job.progress', data: { uin: '1001', job: job({ done: 30, total: 120 }) } }));
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('25');
    expect(screen.getByText('30/120')).toBeTruthy();
    // Another account's job does not move this bar.
    act(() => socket.emit({ type: 'job.progress', data: { uin: '2002', job: job({ id: 8, uin: '2002', done: 1, total: 2 }) } }));
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('25');

    act(() => socket.emit({ type: 'job.progress', data: { uin: '1001', job: job({ status: 'done', done: 120, total: 120 }) } }));
    await waitFor(() => expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100'));
    expect(screen.getByText('已完成 120 项')).toBeTruthy();
    expect(onDone).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: '同步通讯录' })).toBeTruthy();
  });
});
