import { useState } from 'react';
import { errorText } from '../../api/client';
import { contacts, rooms } from '../../api/endpoints';
import type { ContactSetting, RoomMember } from '../../api/types';
import { Avatar } from '../../components/Avatar';
import { Confirm } from '../../components/Modal';
import { toast } from '../../components/toast';
import type { ChatTarget } from '../desk/types';
import { Announcement } from './Announcement';
import { MemberDetailModal } from './MemberDetailModal';
import { MemberGrid } from './MemberGrid';
import { useRoomInfo } from './useRoom';

const SETTINGS: { value: ContactSetting; label: string; hint: string }[] = [
  { value: 0, label: '默认', hint: '正常接收消息' },
  { value: 3, label: '星标', hint: '置顶显示在群聊列表' },
  { value: 1, label: '免打扰', hint: '接收消息但不提醒' },
  { value: 2, label: '屏蔽', hint: '不再接收此群消息' },
];

export interface RoomPanelProps {
  target: ChatTarget;
  members: { members: RoomMember[]; loading: boolean; error: string | null };
  onSetting: (contactId: number, setting: number) => void;
  onClose: () => void;
}

/** The group drawer: info, setting (star/mute/block), announcement, members, delete and quit. */
export function RoomPanel({ target, members, onSetting, onClose }: RoomPanelProps) {
  const id = target.contact.id;
  const { room, setRoom, error } = useRoomInfo(id, target.contact);
  const [picked, setPicked] = useState<RoomMember | null>(null);
  const [confirmQuit, setConfirmQuit] = useState(false);
  const [busy, setBusy] = useState(false);

  const changeSetting = async (setting: ContactSetting) => {
    const before = room.setting;
    setRoom({ ...room, setting });
    onSetting(id, setting);
    try {
      await contacts.setSetting(id, setting);
    } catch (err) {
      setRoom((r) => ({ ...r, setting: before }));
      onSetting(id, before);
      toast(errorText(err), 'error');
    }
  };

  const quit = async () => {
    setBusy(true);
    try {
      await rooms.quit(id);
      toast('已提交退出群聊，稍后从列表中移除', 'info');
      setConfirmQuit(false);
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  const owner = members.members.find((m) => m.isOwner || m.userName === room.ownerUserName);
  return (
    <aside className="room-panel" aria-label="群管理">
      <div className="panel-head">
        <h3>群管理</h3>
        <button type="button" className="icon-btn" aria-label="关闭群管理" onClick={onClose}>
          ×
        </button>
      </div>
      <div className="panel-scroll">
        <section className="panel-section room-card">
          <Avatar src={room.headImgUrl} name={room.nickName || room.userName} size={48} />
          <div>
            <div className="profile-name">{room.remarkName || room.nickName || room.userName}</div>
            <div className="muted small">
              {room.memberCount || members.members.length} 位成员{owner ? ` · 群主 ${owner.displayName || owner.nickName}` : ''}
            </div>
          </div>
        </section>
        {error ? <div className="form-error">{error}</div> : null}
        <section className="panel-section" aria-label="群设置">
          <div className="section-head">
            <h4>消息设置</h4>
          </div>
          <div className="segmented" role="radiogroup" aria-label="消息设置">
            {SETTINGS.map((s) => (
              <button
                key={s.value}
                type="button"
                role="radio"
                aria-checked={room.setting === s.value}
                className={room.setting === s.value ? 'seg active' : 'seg'}
                title={s.hint}
                onClick={() => void changeSetting(s.value)}
              >
                {s.label}
              </button>
            ))}
          </div>
        </section>
        <Announcement contactId={id} value={room.announcement} />
        <MemberGrid members={members.members} loading={members.loading} error={members.error} onPick={setPicked} />
        <section className="panel-section">
          <button type="button" className="btn danger block" onClick={() => setConfirmQuit(true)}>
            删除并退出
          </button>
        </section>
      </div>
      {picked ? (
        <MemberDetailModal contactId={id} member={picked} accountName={target.account.nickName} onClose={() => setPicked(null)} />
      ) : null}
      {confirmQuit ? (
        <Confirm
          title="删除并退出"
          text={`确定让「${target.account.nickName}」退出群聊「${room.nickName || room.userName}」吗？退出后将不再接收此群消息。`}
          danger
          busy={busy}
          confirmLabel="退出群聊"
          onConfirm={() => void quit()}
          onCancel={() => setConfirmQuit(false)}
        />
      ) : null}
    </aside>
  );
}
