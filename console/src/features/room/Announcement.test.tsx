import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { problem, stubFetch } from '../../test/fetch-stub';
import { Announcement } from './Announcement';

describe('Announcement', () => {
  it('publishes, waits for the stored value, and shows it', async () => {
    const calls = stubFetch({ 'PUT /rooms/5/announcement': { status: 202, body: { accepted: true } } });
    const { rerender } = render(<Announcement contactId={5} value="旧公告" />);
    expect(screen.getByTestId('announcement').textContent).toBe('旧公告');
    fireEvent.click(screen.getByRole('button', { name: '编辑' }));
    fireEvent.change(screen.getByLabelText('群公告内容'), { target: { value: '  新公告：周五答疑  ' } });
    fireEvent.click(screen.getByRole('button', { name: '发布' }));
    await screen.findByText('已提交，等待微信确认…');
    expect(calls[0]).toMatchObject({ method: 'PUT', path: '/rooms/5/announcement', body: { content: '新公告：周五答疑' } });
    // The room event brings the stored value.
    rerender(<Announcement contactId={5} value="新公告：周五答疑" />);
    await waitFor(() => expect(screen.queryByText('已提交，等待微信确认…')).toBeNull());
    expect(screen.getByTestId('announcement').textContent).toBe('新公告：周五答疑');
  });

  it('keeps the editor open and says why when the server refuses', async () => {
    stubFetch({ 'PUT /rooms/5/announcement': problem(403, 'access.denied', '只有群主或管理员可以修改群公告') });
    render(<Announcement contactId={5} value="" />);
    expect(screen.getByTestId('announcement').textContent).toBe('暂无群公告');
    fireEvent.click(screen.getByRole('button', { name: '编辑' }));
    fireEvent.change(screen.getByLabelText('群公告内容'), { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('button', { name: '发布' }));
    await waitFor(() => expect(screen.getByRole('button', { name: '发布' })).toBeTruthy());
    expect(screen.getByLabelText('群公告内容')).toBeTruthy();
  });
});
