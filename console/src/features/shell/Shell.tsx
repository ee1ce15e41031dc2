import { useCallback, useState } from 'react';
import type { OperatorView } from '../../api/types';
import { Avatar } from '../../components/Avatar';
import { ChatIcon, ContactsIcon, LogoutIcon, SettingsIcon } from '../../components/icons';
import { toast } from '../../components/toast';
import { useLive, useLiveEvent } from '../../live/LiveContext';
import { ContactsPage } from '../contacts/ContactsPage';
import { Desk, type ChatRequest } from '../desk/Desk';
import { SettingsPage } from '../settings/SettingsPage';
import { usePage, type Page } from './route';

const NAV: { page: Page; label: string; Icon: () => React.JSX.Element }[] = [
  { page: 'desk', label: '工作台', Icon: ChatIcon },
  { page: 'contacts', label: '通讯录', Icon: ContactsIcon },
  { page: 'settings', label: '设置', Icon: SettingsIcon },
];

function LiveDot() {
  const { status } = useLive();
  const text = status === 'open' ? '实时连接正常' : status === 'reconnecting' ? '连接已断开，正在重连…' : '正在连接…';
  return <span className={`live-dot ${status}`} title={text} aria-label={text} data-live={status} />;
}

/** The frame around every page: a navigation rail, the live status, and the page itself. */
export function Shell({ operator, onLogout }: { operator: OperatorView; onLogout: () => Promise<void> }) {
  const [page, go] = usePage();
  const [chatRequest, setChatRequest] = useState<ChatRequest | null>(null);
  const { status } = useLive();

  const openChat = useCallback(
    (contactId: number, uin: string) => {
      setChatRequest({ contactId, uin, at: Date.now() });
      go('desk');
    },
    [go],
  );

  useLiveEvent('keyword.hit', ({ hit }) => {
    toast(
      `「${hit.room.nickName || hit.room.userName}」命中敏感词「${hit.keyword}」`,
      'warning',
      { label: '查看', run: () => openChat(hit.room.contactId, hit.uin) },
      6000,
    );
  });

  useLiveEvent('friendRequest.updated', ({ request }) => {
    if (request.status === 1) toast(`${request.userName} 已通过好友请求`, 'success');
    else if (request.status === 2) toast(`发给 ${request.userName} 的好友请求未通过`, 'warning');
  });

  return (
    <div className="shell">
      <nav className="rail" aria-label="主导航">
        <div className="rail-logo" title="wxdesk">
          W
        </div>
        {NAV.map(({ page: p, label, Icon }) => (
          <button
            key={p}
            type="button"
            className={p === page ? 'rail-item active' : 'rail-item'}
            aria-current={p === page ? 'page' : undefined}
            onClick={() => go(p)}
          >
            <Icon />
            <span>{label}</span>
          </button>
        ))}
        <div className="rail-spacer" />
        <div className="rail-user" title={`${operator.username}（${operator.role === 'admin' ? '管理员' : '客服'}）`}>
          <Avatar name={operator.username} size={32} />
          <LiveDot />
        </div>
        <button type="button" className="rail-item" onClick={() => void onLogout()} title="退出登录">
          <LogoutIcon />
          <span>退出</span>
        </button>
      </nav>
      <main className="page">
        {status === 'reconnecting' ? <div className="conn-banner">与服务器的实时连接已断开，正在重连…</div> : null}
        <div className="page-body" hidden={page !== 'desk'}>
          <Desk operator={operator} request={chatRequest} />
        </div>
        {page === 'contacts' ? (
          <div className="page-body">
            <ContactsPage onOpenChat={openChat} />
          </div>
        ) : null}
        {page === 'settings' ? (
          <div className="page-body">
            <SettingsPage operator={operator} onOpenChat={openChat} />
          </div>
        ) : null}
      </main>
    </div>
  );
}
