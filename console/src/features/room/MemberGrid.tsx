import { useMemo, useState } from 'react';
import type { RoomMember } from '../../api/types';
import { Avatar } from '../../components/Avatar';

const SHOWN = 40;

/** Members with avatars; a filter for big rooms; a click opens the member's detail. */
export function MemberGrid({
  members,
  loading,
  error,
  onPick,
}: {
  members: RoomMember[];
  loading: boolean;
  error: string | null;
  onPick: (m: RoomMember) => void;
}) {
  const [q, setQ] = useState('');
  const [all, setAll] = useState(false);
  const shown = useMemo(() => {
    const k = q.trim().toLowerCase();
    const hits = k
      ? members.filter((m) => [m.displayName, m.nickName, m.userName, m.pyInitial, m.pyQuanPin].some((v) => v?.toLowerCase().includes(k)))
      : members;
    return all || k ? hits : hits.slice(0, SHOWN);
  }, [members, q, all]);

  return (
    <section className="panel-section" aria-label="群成员">
      <div className="section-head">
        <h4>群成员 {members.length ? <span className="muted">({members.length})</span> : null}</h4>
      </div>
      {members.length > 10 ? (
        <input className="input small" placeholder="搜索成员" value={q} onChange={(e) => setQ(e.target.value)} aria-label="搜索成员" />
      ) : null}
      {error ? <div className="form-error">{error}</div> : null}
      {loading && !members.length ? <p className="muted small">加载中…</p> : null}
      <ul className="member-grid">
        {shown.map((m) => (
          <li key={m.userName}>
            <button type="button" className="member" onClick={() => onPick(m)} title={m.displayName || m.nickName}>
              <Avatar src={m.headImgUrl} name={m.displayName || m.nickName || m.userName} size={40} />
              <span className="member-name ellipsis">{m.displayName || m.nickName || m.userName}</span>
              {m.isOwner ? <span className="owner-tag">群主</span> : null}
            </button>
          </li>
        ))}
      </ul>
      {!all && !q && members.length > SHOWN ? (
        <button type="button" className="link-btn" onClick={() => setAll(true)}>
          查看全部 {members.length} 位成员
        </button>
      ) : null}
    </section>
  );
}
