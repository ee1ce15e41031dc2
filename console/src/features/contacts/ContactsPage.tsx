import { useEffect, useState } from 'react';
import { Avatar } from '../../components/Avatar';
import { useAccounts } from '../desk/useAccounts';
import { FriendList } from './FriendList';
import { SearchUser } from './SearchUser';
import { SyncBar } from './SyncBar';

/** Contacts of one account: search and add users, sync, browse and manage the address book. */
export function ContactsPage({ onOpenChat }: { onOpenChat: (contactId: number, uin: string) => void }) {
  const { accounts, loaded, error } = useAccounts();
  const [uin, setUin] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    // oxlint-disable-next-line react/set-state-in-effect -- intended: pick the first account once the list arrives or the chosen one is gone
    if (accounts.length && (uin === null || !accounts.some((a) => a.uin === uin))) setUin(accounts[0]!.uin);
  }, [accounts, uin]);

  const account = accounts.find((a) => a.uin === uin);
  return (
    <div className="page-scroll contacts-page">
      <header className="page-head">
        <h1>通讯录</h1>
        <label className="account-picker">
          <span className="muted">微信号</span>
          <select value={uin ?? ''} onChange={(e) => setUin(e.target.value)} aria-label="选择微信号">
            {accounts.map((a) => (
              <option key={a.uin} value={a.uin}>
                {a.nickName}（{a.online ? '在线' : '离线'}）
              </option>
            ))}
          </select>
        </label>
        {account ? <Avatar src={account.headImgUrl} name={account.nickName} size={32} online={account.online} /> : null}
      </header>
      {error ? <div className="form-error">{error}</div> : null}
      {loaded && !accounts.length ? <p className="empty">还没有可用的微信号，请联系管理员分配</p> : null}
      {account ? (
        <div className="contacts-grid">
          <div className="contacts-side">
            <section className="card" aria-label="同步通讯录">
              <h3>同步通讯录</h3>
              <SyncBar uin={account.uin} onDone={() => setVersion((v) => v + 1)} />
            </section>
            <SearchUser key={account.uin} uin={account.uin} accountName={account.nickName} />
          </div>
          <FriendList key={account.uin} uin={account.uin} version={version} onOpenChat={onOpenChat} />
        </div>
      ) : null}
    </div>
  );
}
