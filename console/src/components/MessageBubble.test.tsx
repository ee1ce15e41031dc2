import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { message } from '../test/factories';
import { MessageBubble } from './MessageBubble';

const sender = { name: '张三', avatar: null };

describe('MessageBubble', () => {
  it('shows the send state of an outgoing message: pending, sent, failed with reason and retry', () => {
    const onRetry = vi.fn();
    const { container, rerender } = render(
      <MessageBubble message={message({ isOut: true, sendStatus: 0 })} sender={sender} isRoom={false} keywords={[]} onRetry={onRetry} />,
    );
    expect(screen.getByLabelText('发送中')).toBeTruthy();
    rerender(
      <MessageBubble message={message({ isOut: true, sendStatus: 1 })} sender={sender} isRoom={false} keywords={[]} onRetry={onRetry} />,
    );
    expect(container.querySelector('[data-status="sent"]')).toBeTruthy();
    expect(screen.queryByLabelText('发送中')).toBeNull();
    rerender(
      <MessageBubble
        message={message({ isOut: true, sendStatus: 2, failReason: '对方已将你删除' })}
        sender={sender}
        isRoom={false}
        keywords={[]}
        onRetry={onRetry}
      />,
    );
    expect(screen.getByLabelText('发送失败')).toBeTruthy();
    expect(screen.getByText('对方已将你删除')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '重发' }));
    expect(onRetry).toHaveBeenCalledWith(expect.objectContaining({ sendStatus: 2 }));
  });

  it('shows no send state on incoming messages', () => {
    const { container } = render(
      <MessageBubble message={message({ isOut: false, sendStatus: 0 })} sender={sender} isRoom={false} keywords={[]} />,
    );
    expect(container.querySelector('.msg-status')).toBeNull();
    expect(container.querySelector('.msg.in')).toBeTruthy();
  });

  it('centres system messages', () => {
    render(<MessageBubble message={message({ msgType: 10000, content: '"李四"加入了群聊' })} sender={sender} isRoom keywords={[]} />);
    const sys = screen.getByTestId('msg-system');
    expect(sys.textContent).toBe('"李四"加入了群聊');
    expect(sys.className).toBe('msg-system');
  });

  it('shows images by url', () => {
    render(
      <MessageBubble
        message={message({ msgType: 3, content: '[图片]', url: '/media/a.png', fileName: 'a.png' })}
        sender={sender}
        isRoom={false}
        keywords={[]}
      />,
    );
    expect(screen.getByRole('img', { name: 'a.png' }).getAttribute('src')).toBe('/media/a.png');
  });

  it('highlights keywords in group messages only, and names the sender', () => {
    const m = message({ content: '想要退款，加VX' });
    const { container, rerender } = render(<MessageBubble message={m} sender={sender} isRoom keywords={['退款', 'vx']} />);
    expect([...container.querySelectorAll('mark.kw-hit')].map((e) => e.textContent)).toEqual(['退款', 'VX']);
    expect(container.querySelector('.msg.hit')).toBeTruthy();
    expect(screen.getByText('命中敏感词')).toBeTruthy();
    expect(container.querySelector('.msg-sender')?.textContent).toBe('张三');
    rerender(<MessageBubble message={m} sender={sender} isRoom={false} keywords={['退款']} />);
    expect(container.querySelector('mark')).toBeNull();
  });

  it("flags a message a keyword hit named even if the keyword is not the caller's", () => {
    const { container } = render(<MessageBubble message={message({ content: '普通消息' })} sender={sender} isRoom keywords={[]} flagged />);
    expect(container.querySelector('.msg.hit')).toBeTruthy();
  });
});
