import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { OperatorSummary } from '../../api/types';
import { stubFetch } from '../../test/fetch-stub';
import { OperatorsCard } from './OperatorsCard';

const ops = (): OperatorSummary[] => [
  { id: 1, username: 'admin', role: 'admin', disabled: false, uins: [] },
  { id: 2, username: 'kefu1', role: 'agent', disabled: false, uins: ['1001'] },
  { id: 3, username: 'kefu2', role: 'agent', disabled: true, uins: [] },
];

const row = (username: string) => document.querySelector<HTMLElement>(`tr[data-operator="${username}"]`)!;

describe('OperatorsCard', () => {
  it('disables an operator only after a confirm, shows who is disabled, and enables again; never the administrator itself', async () => {
    let list = ops();
    const calls = stubFetch({
      'GET /operators': () => ({ body: list }),
      'PUT /operators/:id': (c) => {
        const id = Number(c.path.split('/').at(-1));
        const { disabled } = c.body as { disabled: boolean };
        list = list.map((o) => (o.id === id ? { ...o, disabled } : o));
        return { body: list.find((o) => o.id === id) };
      },
    });
    render(<OperatorsCard accounts={[]} selfId={1} />);
    await waitFor(() => expect(row('kefu1')).toBeTruthy());

    expect(within(row('admin')).queryByRole('button', { name: '停用' })).toBeNull();
    expect(within(row('kefu2')).getByText('已停用')).toBeTruthy();
    expect(within(row('kefu1')).queryByText('已停用')).toBeNull();

    // Cancelled: nothing is sent.
    fireEvent.click(within(row('kefu1')).getByRole('button', { name: '停用' }));
    const dialog = await screen.findByRole('dialog', { name: '停用系统账号' });
    expect(dialog.textContent).toContain('kefu1');
    fireEvent.click(within(dialog).getByRole('button', { name: '取消' }));
    expect(calls.filter((c) => c.method === 'PUT')).toEqual([]);

    fireEvent.click(within(row('kefu1')).getByRole('button', { name: '停用' }));
    fireEvent.click(within(await screen.findByRole('dialog', { name: '停用系统账号' })).getByRole('button', { name: '停用' }));
    await waitFor(() => expect(within(row('kefu1')).getByText('已停用')).toBeTruthy());
    expect(calls.filter((c) => c.method === 'PUT').map((c) => [c.path, c.body])).toEqual([['/operators/2', { disabled: true }]]);
    expect(screen.queryByRole('dialog')).toBeNull();

    fireEvent.click(within(row('kefu2')).getByRole('button', { name: '启用' }));
    fireEvent.click(within(await screen.findByRole('dialog', { name: '启用系统账号' })).getByRole('button', { name: '启用' }));
    await waitFor(() => expect(within(row('kefu2')).queryByText('已停用')).toBeNull());
    expect(calls.filter((c) => c.method === 'PUT').at(-1)).toMatchObject({ path: '/operators/3', body: { disabled: false } });
  });
});
