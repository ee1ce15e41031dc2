import type { MessageView } from '../api/types';
import { Avatar } from './Avatar';
import { Highlight } from './Highlight';
import { hasKeyword } from './highlight';
import { fullTime, preview } from './time';

export interface Sender {
  name: string;
  avatar: string | null;
}

export interface MessageBubbleProps {
  message: MessageView;
  sender: Sender;
  /** Group chats show who wrote and highlight keywords. */
  isRoom: boolean;
  keywords: readonly string[];
  /** A keyword hit named this message. */
  flagged?: boolean;
  onRetry?: (m: MessageView) => void;
}

const SYSTEM_TYPES = new Set([10000, 10002]);

function Body({ m, highlight }: { m: MessageView; highlight: readonly string[] }) {
  if (m.msgType === 3 && m.url) {
    return (
      <a className="msg-image" href={m.url} target="_blank" rel="noreferrer" title={m.fileName ?? '图片'}>
        <img src={m.url} alt={m.fileName ?? '图片'} loading="lazy" />
      </a>
    );
  }
  if (m.msgType === 1) {
    return (
      <div className="msg-text">
        <Highlight text={m.content} keywords={highlight} />
      </div>
    );
  }
  return <div className="msg-text msg-other">{preview(m.msgType, m.content)}</div>;
}

function Status({ m, onRetry }: { m: MessageView; onRetry: ((m: MessageView) => void) | undefined }) {
  if (!m.isOut) return null;
  if (m.sendStatus === 0) {
    return (
      <span className="msg-status pending" data-status="pending" title="发送中" aria-label="发送中">
        <span className="spinner" />
      </span>
    );
  }
  if (m.sendStatus === 2) {
    return (
      <span className="msg-status failed" data-status="failed">
        <span className="fail-icon" title={m.failReason ?? '发送失败'} aria-label="发送失败">
          !
        </span>
        {onRetry ? (
          <button type="button" className="link-btn" onClick={() => onRetry(m)}>
            重发
          </button>
        ) : null}
      </span>
    );
  }
  return <span className="msg-status sent" data-status="sent" aria-label="已发送" />;
}

/** One message of a chat: bubble, image, or a centred system line. */
export function MessageBubble({ message: m, sender, isRoom, keywords, flagged = false, onRetry }: MessageBubbleProps) {
  if (SYSTEM_TYPES.has(m.msgType)) {
    return (
      <div className="msg-system" data-testid="msg-system" data-id={m.id}>
        {m.msgType === 10002 ? preview(m.msgType, m.content) : m.content}
      </div>
    );
  }
  const highlight = isRoom ? keywords : [];
  const hit = isRoom && (flagged || (m.msgType === 1 && hasKeyword(m.content, keywords)));
  const cls = ['msg', m.isOut ? 'out' : 'in', hit ? 'hit' : ''].filter(Boolean).join(' ');
  return (
    <div className={cls} data-testid="msg" data-id={m.id} data-status={m.isOut ? m.sendStatus : undefined}>
      <Avatar src={sender.avatar} name={sender.name} size={36} />
      <div className="msg-main">
        {isRoom && !m.isOut ? <div className="msg-sender">{sender.name}</div> : null}
        <div className="msg-row">
          <div className={m.msgType === 3 && m.url ? 'bubble image' : 'bubble'} title={fullTime(m.createTime)}>
            <Body m={m} highlight={highlight} />
          </div>
          <Status m={m} onRetry={onRetry} />
        </div>
        {m.isOut && m.sendStatus === 2 && m.failReason ? <div className="msg-fail-reason">{m.failReason}</div> : null}
        {hit ? <div className="msg-hit-tag">命中敏感词</div> : null}
      </div>
    </div>
  );
}
