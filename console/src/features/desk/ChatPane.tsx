import { useCallback, useMemo, useState } from 'react';
import type { MessageView } from '../../api/types';
import { Avatar } from '../../components/Avatar';
import { PeopleIcon, StarIcon } from '../../components/icons';
import type { Sender } from '../../components/MessageBubble';
import { RoomPanel } from '../room/RoomPanel';
import { useRoomMembers } from '../room/useRoom';
import { useKeywords } from '../settings/keywords-store';
import { Composer } from './Composer';
import { displayName } from './ConversationItem';
import { MessageList } from './MessageList';
import type { ChatTarget } from './types';
import { useChat } from './useChat';

export interface ChatPaneProps {
  target: ChatTarget | null;
  onRead: (contactId: number) => void;
  onSetting: (contactId: number, setting: number) => void;
}

/** The right pane: header, history, composer; for a room, the group drawer. */
export function ChatPane({ target, onRead, onSetting }: ChatPaneProps) {
  const { state, loadOlder, send, retry } = useChat(target, onRead);
  const { words } = useKeywords();
  const isRoom = target?.contact.isRoom ?? false;
  const roomMembers = useRoomMembers(isRoom ? (target?.contact.id ?? null) : null);
  const [panelOpen, setPanelOpen] = useState(false);

  const byUser = useMemo(() => new Map(roomMembers.members.map((m) => [m.userName, m])), [roomMembers.members]);
  const senderOf = useCallback(
    (m: MessageView): Sender => {
      if (!target) return { name: '', avatar: null };
      if (m.isOut) return { name: target.account.nickName, avatar: target.account.headImgUrl };
      if (!isRoom) return { name: displayName(target.contact), avatar: target.contact.headImgUrl };
      const who = byUser.get(m.senderUserName);
      return { name: who ? who.displayName || who.nickName : m.senderUserName, avatar: who?.headImgUrl ?? null };
    },
    [target, isRoom, byUser],
  );

  if (!target) {
    return (
      <section className="pane chat chat-empty" aria-label="聊天">
        <div className="placeholder">
          <div className="placeholder-logo">W</div>
          <p>选择左侧的会话开始聊天</p>
        </div>
      </section>
    );
  }

  const { contact, account } = target;
  const starred = contact.isRoom && contact.setting === 3;
  return (
    <section className="pane chat" aria-label="聊天">
      <header className="chat-head">
        <Avatar src={contact.headImgUrl} name={displayName(contact)} size={36} />
        <div className="chat-title">
          <h2 className="ellipsis">
            {starred ? (
              <span className="star" aria-label="星标">
                <StarIcon />
              </span>
            ) : null}
            {displayName(contact)}
            {isRoom && roomMembers.members.length ? <span className="muted"> ({roomMembers.members.length})</span> : null}
          </h2>
          <div className="muted small ellipsis">
            通过「{account.nickName}」{account.online ? '' : '（离线）'} · {contact.userName}
          </div>
        </div>
        {isRoom ? (
          <button
            type="button"
            className={panelOpen ? 'btn active' : 'btn'}
            onClick={() => setPanelOpen((o) => !o)}
            aria-expanded={panelOpen}
          >
            <PeopleIcon />
            群管理
          </button>
        ) : null}
      </header>
      <div className={isRoom && panelOpen ? 'chat-body with-panel' : 'chat-body'}>
        <MessageList
          contactId={contact.id}
          messages={state.messages}
          hasMore={state.hasMore}
          loading={state.loading}
          isRoom={isRoom}
          keywords={words}
          hitIds={state.hitIds}
          senderOf={senderOf}
          onOlder={() => void loadOlder()}
          onRetry={retry}
        />
        {isRoom && panelOpen ? (
          <RoomPanel key={contact.id} target={target} members={roomMembers} onSetting={onSetting} onClose={() => setPanelOpen(false)} />
        ) : null}
      </div>
      <Composer
        key={contact.id}
        onText={(text) => void send({ text })}
        onImage={(file) => void send({ file })}
        disabledReason={account.online ? null : '该微信号已离线，消息将在上线后发送或失败'}
      />
    </section>
  );
}
