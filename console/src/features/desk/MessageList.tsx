import { Fragment, useLayoutEffect, useRef } from 'react';
import type { MessageView } from '../../api/types';
import { MessageBubble, type Sender } from '../../components/MessageBubble';
import { fullTime } from '../../components/time';

const DIVIDER_GAP_MS = 5 * 60_000;
const NEAR_EDGE_PX = 80;

export interface MessageListProps {
  contactId: number;
  messages: MessageView[];
  hasMore: boolean;
  loading: boolean;
  isRoom: boolean;
  keywords: readonly string[];
  hitIds: ReadonlySet<number>;
  senderOf: (m: MessageView) => Sender;
  onOlder: () => void;
  onRetry: (m: MessageView) => void;
}

/**
 * The chat history, oldest at the top. Scrolling near the top loads older messages and keeps
 * the view where it was; new messages scroll into view only if the reader is at the bottom.
 */
export function MessageList(p: MessageListProps) {
  const box = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const anchor = useRef<{ height: number; top: number; firstId: number | undefined } | null>(null);
  const shownFor = useRef<number | null>(null);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const first = p.messages[0]?.id;
    const a = anchor.current;
    if (shownFor.current !== p.contactId) {
      // A newly opened chat starts at its newest message.
      if (p.messages.length) {
        shownFor.current = p.contactId;
        el.scrollTop = el.scrollHeight;
        atBottom.current = true;
      }
    } else if (a && a.firstId !== first) {
      el.scrollTop = el.scrollHeight - a.height + a.top;
      anchor.current = null;
    } else if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [p.messages, p.contactId]);

  const onScroll = () => {
    const el = box.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_EDGE_PX;
    if (el.scrollTop < NEAR_EDGE_PX && p.hasMore && !p.loading) {
      anchor.current = { height: el.scrollHeight, top: el.scrollTop, firstId: p.messages[0]?.id };
      p.onOlder();
    }
  };

  return (
    <div className="messages" ref={box} onScroll={onScroll} data-testid="messages">
      <div className="history-edge">
        {p.loading ? '加载中…' : p.hasMore ? '上滑查看更早的消息' : p.messages.length ? '没有更早的消息了' : ''}
      </div>
      {p.messages.map((m, i) => {
        const prev = p.messages[i - 1];
        const divider = !prev || m.createTime - prev.createTime > DIVIDER_GAP_MS;
        return (
          <Fragment key={m.tokenId && m.isOut ? `t-${m.tokenId}` : `m-${m.id}`}>
            {divider ? <div className="time-divider">{fullTime(m.createTime)}</div> : null}
            <MessageBubble
              message={m}
              sender={p.senderOf(m)}
              isRoom={p.isRoom}
              keywords={p.keywords}
              flagged={p.hitIds.has(m.id)}
              onRetry={p.onRetry}
            />
          </Fragment>
        );
      })}
      {!p.loading && p.messages.length === 0 ? <div className="empty">暂无消息</div> : null}
    </div>
  );
}
