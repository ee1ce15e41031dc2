import type { DeskAccount } from '../../api/types';
import { Avatar } from '../../components/Avatar';
import { Badge } from '../../components/Badge';
import { PeopleIcon } from '../../components/icons';

/** The accounts pane: "all accounts" and each account with its online dot and unread total. */
export function AccountList({
  accounts,
  selected,
  onSelect,
  error,
}: {
  accounts: DeskAccount[];
  selected: string | null;
  onSelect: (uin: string | null) => void;
  error: string | null;
}) {
  const total = accounts.reduce((n, a) => n + (a.unread ?? 0), 0);
  const online = accounts.filter((a) => a.online).length;
  return (
    <aside className="pane accounts" aria-label="微信号">
      <div className="pane-head">
        <h2>微信号</h2>
        <span className="muted small">
          {online}/{accounts.length} 在线
        </span>
      </div>
      <ul className="account-list" role="listbox" aria-label="微信号列表">
        <li>
          <button
            type="button"
            role="option"
            aria-selected={selected === null}
            className={selected === null ? 'account-item active' : 'account-item'}
            onClick={() => onSelect(null)}
            title="全部微信号"
          >
            <span className="avatar all-accounts" style={{ width: 36, height: 36 }}>
              <PeopleIcon />
            </span>
            <span className="account-text">
              <span className="name">全部微信号</span>
              <span className="muted small">共 {accounts.length} 个</span>
            </span>
            <Badge count={total} label={`全部未读 ${total}`} />
          </button>
        </li>
        {accounts.map((a) => (
          <li key={a.uin}>
            <button
              type="button"
              role="option"
              aria-selected={selected === a.uin}
              className={selected === a.uin ? 'account-item active' : 'account-item'}
              onClick={() => onSelect(a.uin)}
              title={`${a.nickName}（${a.online ? '在线' : '离线'}）`}
              data-uin={a.uin}
            >
              <Avatar src={a.headImgUrl} name={a.nickName} size={36} online={a.online} />
              <span className="account-text">
                <span className="name">{a.nickName}</span>
                <span className="muted small">{a.online ? '在线' : '离线'}</span>
              </span>
              <Badge count={a.unread ?? 0} />
            </button>
          </li>
        ))}
      </ul>
      {error ? <div className="pane-error">{error}</div> : null}
    </aside>
  );
}
