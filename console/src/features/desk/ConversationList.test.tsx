import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { conversation } from '../../test/factories';
import { ConversationList, type ConversationListProps } from './ConversationList';
import { sortConversations } from './conversations-state';

const now = Date.now();
const yesterdayNoon = new Date(new Date().setHours(12, 0, 0, 0) - 86_400_000).getTime();
const items = sortConversations([
  conversation({
    id: 1,
    time: now - 60_000,
    unread: 3,
    contact: { isRoom: true, nickName: '普通群', userName: '1@chatroom' },
    message: { content: '明天开会' },
  }),
  conversation({
    id: 2,
    time: yesterdayNoon,
    unread: 150,
    contact: { isRoom: true, nickName: '星标群', userName: '2@chatroom', setting: 3 },
    message: { msgType: 3, content: '[图片]' },
  }),
  conversation({
    id: 3,
    time: now - 10_000,
    unread: 4,
    contact: { isRoom: true, nickName: '免打扰群', userName: '3@chatroom', setting: 1 },
  }),
  conversation({
    id: 4,
    time: now - 5_000,
    unread: 0,
    contact: { isRoom: true, nickName: '已读群', userName: '4@chatroom', remarkName: '备注名' },
    message: { isOut: true, sendStatus: 2 },
  }),
]);

const props = (over: Partial<ConversationListProps> = {}): ConversationListProps => ({
  items,
  type: 'group',
  onType: vi.fn(),
  query: '',
  onQuery: vi.fn(),
  openId: null,
  onOpen: vi.fn(),
  showAccount: true,
  loading: false,
  hasMore: false,
  error: null,
  onMore: vi.fn(),
  ...over,
});

const rows = () => screen.getAllByRole('button').filter((b) => b.classList.contains('conv-item'));

describe('ConversationList', () => {
  it('lists starred groups first with a star, then newest first, with previews and times', () => {
    render(<ConversationList {...props()} />);
    const r = rows();
    expect(r.map((b) => b.querySelector('.conv-name')!.textContent)).toEqual(['星标群', '备注名', '免打扰群', '普通群']);
    expect(within(r[0]!).getByLabelText('星标')).toBeTruthy();
    expect(r[0]!.querySelector('.conv-preview')!.textContent).toBe('[图片]');
    expect(r[0]!.querySelector('.conv-time')!.textContent).toBe('昨天');
    expect(r[1]!.querySelector('.conv-preview')!.textContent).toContain('[发送失败]');
    expect(r[3]!.querySelector('.conv-preview')!.textContent).toBe('明天开会');
    expect(r[3]!.querySelector('.conv-account')!.textContent).toBe('销售小王');
  });

  it('shows unread badges (99+), a quiet dot for muted groups, and none for the open chat', () => {
    render(<ConversationList {...props({ openId: 1 })} />);
    const r = rows();
    expect(r[0]!.querySelector('.badge')!.textContent).toBe('99+');
    expect(r[1]!.querySelector('.badge')).toBeNull();
    expect(r[2]!.querySelector('.badge.dot')).toBeTruthy();
    expect(r[3]!.querySelector('.badge')).toBeNull();
    expect(r[3]!.getAttribute('aria-current')).toBe('true');
  });

  it('opens a conversation, switches tabs and searches', () => {
    const p = props();
    render(<ConversationList {...p} />);
    fireEvent.click(rows()[1]!);
    expect(p.onOpen).toHaveBeenCalledWith(expect.objectContaining({ contact: expect.objectContaining({ id: 4 }) }));
    fireEvent.click(screen.getByRole('tab', { name: '单聊' }));
    expect(p.onType).toHaveBeenCalledWith('single');
    fireEvent.change(screen.getByLabelText('搜索会话'), { target: { value: 'zs' } });
    expect(p.onQuery).toHaveBeenCalledWith('zs');
  });

  it('says so when nothing matches a search', () => {
    render(<ConversationList {...props({ items: [], query: 'xyz' })} />);
    expect(screen.getByText('没有匹配的会话')).toBeTruthy();
  });
});
