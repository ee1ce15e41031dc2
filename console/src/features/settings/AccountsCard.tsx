import { useState } from 'react';
import { errorText } from '../../api/client';
import { logins } from '../../api/endpoints';
import type { DeskAccount } from '../../api/types';
import { Avatar } from '../../components/Avatar';
import { toast } from '../../components/toast';
import { QrLoginModal } from './QrLoginModal';

/** Administrators: the WeChat accounts, logging each in or out, and adding one by QR code. */
export function AccountsCard({ accounts }: { accounts: DeskAccount[] }) {
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);

  const act = async (uin: string, what: 'login' | 'logout') => {
    setBusy(uin);
    try {
      await logins[what](uin);
      toast(what === 'login' ? '已发起登录，请留意二维码或登录状态' : '已退出该微信号', 'success');
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="card" aria-label="微信号管理">
      <div className="card-head-row">
        <h3>微信号管理</h3>
        <button type="button" className="btn primary small" onClick={() => setAdding(true)}>
          添加微信号
        </button>
      </div>
      <ul className="plain-list accounts-admin">
        {accounts.map((a) => (
          <li key={a.uin} data-account={a.uin} className="row-between">
            <span className="row-gap">
              <Avatar src={a.headImgUrl} name={a.nickName} size={28} online={a.online} />
              <span>
                {a.nickName}
                <span className="muted small"> · {a.online ? '在线' : '离线'}</span>
              </span>
            </span>
            <button
              type="button"
              className="btn small"
              disabled={busy === a.uin}
              onClick={() => void act(a.uin, a.online ? 'logout' : 'login')}
            >
              {a.online ? '退出登录' : '登录'}
            </button>
          </li>
        ))}
      </ul>
      {adding ? <QrLoginModal known={accounts.map((a) => a.uin)} onClose={() => setAdding(false)} /> : null}
    </section>
  );
}
