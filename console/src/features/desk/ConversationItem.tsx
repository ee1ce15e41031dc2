import { memo } from 'react';
import type { ConversationView } from '../../api/types';
import { Avatar } from '../../components/Avatar';
import { Badge } from '../../components/Badge';
import { MuteIcon, StarIcon } from '../../components/icons';
import { listTime, preview } from '../../components/time';

export const displayName = (c: { remarkName: string; nickName: string; userName: string }) => c.remarkName || c.nickName || c.userName;

/** One row of the recent list: avatar, name, star or mute, time, last message, unread. */
export const ConversationItem = memo(function ConversationItem({
  c,
  active,
  showAccount,
  onOpen,
}: {
  c: ConversationView;
  active: boolean;
  showAccount: boolean;
  onOpen: (c: ConversationView) => void;
}) {
  const { contact, lastMessage: m } = c;
  const starred = contact.isRoom && contact.setting === 3;
  const muted = contact.setting === 1;
  const unread = active ? 0 : c.unread;
  const status = m.isOut && m.sendStatus === 2 ? '[发送失败] ' : m.isOut && m.sendStatus === 0 ? '[发送中] ' : '';
  return (
    <li>
      <button
        type="button"
        className={active ? 'conv-item active' : 'conv-item'}
        onClick={() => onOpen(c)}
        data-contact-id={contact.id}
        data-uin={c.account.uin}
        data-starred={starred || undefined}
        aria-current={active || undefined}
      >
        <span className="conv-avatar">
          <Avatar src={contact.headImgUrl} name={displayName(contact)} size={40} />
          {muted ? null : <Badge count={unread} />}
        </span>
        <span className="conv-main">
          <span className="conv-top">
            <span className="conv-name">
              {starred ? (
                <span className="star" title="星标群" aria-label="星标">
                  <StarIcon />
                </span>
              ) : null}
              <span className="ellipsis">{displayName(contact)}</span>
            </span>
            <span className="conv-time">{listTime(c.time)}</span>
          </span>
          <span className="conv-bottom">
            <span className="conv-preview ellipsis">
              {status ? <span className={m.sendStatus === 2 ? 'danger-text' : 'muted'}>{status}</span> : null}
              {preview(m.msgType, m.content)}
            </span>
            {muted ? (
              <span className="conv-flags">
                {unread > 0 ? <Badge count={unread} muted /> : null}
                <span className="muted" title="免打扰">
                  <MuteIcon />
                </span>
              </span>
            ) : null}
          </span>
          {showAccount ? <span className="conv-account ellipsis">{c.account.nickName}</span> : null}
        </span>
      </button>
    </li>
  );
});
