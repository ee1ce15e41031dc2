import { useEffect, useState } from 'react';
import { errorText } from '../../api/client';
import { rooms } from '../../api/endpoints';
import type { MemberDetail, RoomMember } from '../../api/types';
import { Avatar } from '../../components/Avatar';
import { Modal } from '../../components/Modal';
import { toast } from '../../components/toast';

const SEX = ['未知', '男', '女'];

/** A member's profile from WeChat, and a friend request with a verification message. */
export function MemberDetailModal({
  contactId,
  member,
  accountName,
  onClose,
}: {
  contactId: number;
  member: RoomMember;
  accountName: string;
  onClose: () => void;
}) {
  const [detail, setDetail] = useState<MemberDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [verify, setVerify] = useState(`你好，我是${accountName}`);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);

  useEffect(() => {
    let live = true;
    rooms
      .member(contactId, member.userName)
      .then((d) => live && setDetail(d))
      .catch((err: unknown) => live && setError(errorText(err)));
    return () => {
      live = false;
    };
  }, [contactId, member.userName]);

  const request = async () => {
    setBusy(true);
    try {
      await rooms.addFriend(contactId, member.userName, verify.trim());
      setSent(true);
      toast('好友请求已发送', 'success');
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  const d = detail;
  const isFriend = d?.isFriend ?? member.isFriend ?? false;
  const name = d?.nickName || member.nickName || member.userName;
  const region = [d?.province, d?.city].filter(Boolean).join(' ');

  return (
    <Modal title="成员资料" onClose={onClose} width={400}>
      <div className="profile">
        <Avatar src={d?.headImgUrl || member.headImgUrl} name={name} size={64} />
        <div className="profile-text">
          <div className="profile-name">{name}</div>
          <div className="muted small">微信号：{member.userName}</div>
          {member.displayName || d?.displayName ? <div className="muted small">群昵称：{d?.displayName || member.displayName}</div> : null}
        </div>
      </div>
      {error ? <div className="form-error">{error}</div> : null}
      {!d && !error ? <p className="muted">正在读取资料…</p> : null}
      {d ? (
        <dl className="kv">
          <dt>性别</dt>
          <dd>{SEX[d.sex ?? 0] ?? '未知'}</dd>
          <dt>地区</dt>
          <dd>{region || '—'}</dd>
          <dt>个性签名</dt>
          <dd>{d.signature || '—'}</dd>
        </dl>
      ) : null}
      {isFriend ? (
        <p className="success-text">已是好友</p>
      ) : sent ? (
        <p className="success-text">好友请求已发送，等待对方验证</p>
      ) : (
        <div className="friend-form">
          <label className="field">
            <span>验证消息</span>
            <textarea rows={2} maxLength={100} value={verify} onChange={(e) => setVerify(e.target.value)} />
          </label>
          <button type="button" className="btn primary block" onClick={() => void request()} disabled={busy}>
            {busy ? '发送中…' : '添加为好友'}
          </button>
        </div>
      )}
    </Modal>
  );
}
