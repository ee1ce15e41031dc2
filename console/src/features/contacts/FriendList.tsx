import { useState, type UIEvent } from 'react';
import { errorText } from '../../api/client';
import { CONTACT_PAGE, contacts } from '../../api/endpoints';
import type { ContactView } from '../../api/types';
import { Avatar } from '../../components/Avatar';
import { SearchIcon } from '../../components/icons';
import { Confirm } from '../../components/Modal';
import { toast } from '../../components/toast';
import { usePagedList } from '../../hooks/usePagedList';
import { useLiveEvent } from '../../live/LiveContext';
import { displayName } from '../desk/ConversationItem';

/** The account's friends or rooms: search, page on scroll, open a chat, refresh a profile, delete history. */
export function FriendList({
  uin,
  version,
  onOpenChat,
}: {
  uin: string;
  version: number;
  onOpenChat: (contactId: number, uin: string) => void;
}) {
  const [type, setType] = useState<'friend' | 'room'>('friend');
  const [q, setQ] = useState('');
  const [items, setItems] = useState<ContactView[]>([]);
  const [deleting, setDeleting] = useState<ContactView | null>(null);
  const [busy, setBusy] = useState(false);
  // `version` grows when a sync finishes: the stored address book changed.
  const { loading, error, loadMore } = usePagedList({
    query: { uin, type, version },
    search: q,
    pageSize: CONTACT_PAGE,
    fetchPage: (page) => contacts.list(uin, { type, q, page }),
    onPage: (list, append) => setItems((old) => (append ? [...old, ...list.filter((c) => !old.some((o) => o.id === c.id))] : list)),
  });

  useLiveEvent('contact.updated', ({ uin: u, contacts: changed }) => {
    if (u !== uin) return;
    setItems((list) => list.map((c) => changed.find((x) => x.id === c.id) ?? c).filter((c) => !c.isDelete));
  });

  const refresh = async (c: ContactView) => {
    try {
      await contacts.refresh(c.id);
      toast(`已请求刷新「${displayName(c)}」的资料`, 'info');
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };

  const removeHistory = async () => {
    if (!deleting) return;
    setBusy(true);
    try {
      const { deleted } = await contacts.deleteHistory(deleting.id);
      toast(`已删除 ${deleted} 条聊天记录`, 'success');
      setDeleting(null);
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  const onScroll = (e: UIEvent<HTMLDivElement>) => {
    const el = e.currentTarget;
    if (el.scrollTop + el.clientHeight > el.scrollHeight - 150) loadMore();
  };

  return (
    <section className="card fill" aria-label="通讯录列表">
      <div className="list-toolbar">
        <div className="tabs" role="tablist">
          {(['friend', 'room'] as const).map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              aria-selected={type === t}
              className={type === t ? 'tab active' : 'tab'}
              onClick={() => setType(t)}
            >
              {t === 'friend' ? '好友' : '群聊'}
            </button>
          ))}
        </div>
        <div className="search-box">
          <SearchIcon />
          <input
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="搜索名称、备注、拼音"
            aria-label="搜索通讯录"
          />
        </div>
      </div>
      <div className="table-scroll" onScroll={onScroll}>
        <table className="table">
          <thead>
            <tr>
              <th>名称</th>
              <th>微信号</th>
              <th>{type === 'friend' ? '地区' : '成员'}</th>
              <th className="actions-col">操作</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id} data-contact-id={c.id}>
                <td>
                  <span className="cell-person">
                    <Avatar src={c.headImgUrl} name={displayName(c)} size={32} />
                    <span className="ellipsis">
                      {displayName(c)}
                      {c.remarkName && c.nickName !== c.remarkName ? <span className="muted small">（{c.nickName}）</span> : null}
                    </span>
                  </span>
                </td>
                <td className="muted ellipsis">{c.alias || c.userName}</td>
                <td className="muted">
                  {type === 'friend' ? [c.province, c.city].filter(Boolean).join(' ') || '—' : c.memberCount || '—'}
                </td>
                <td className="actions-col">
                  <button type="button" className="link-btn" onClick={() => onOpenChat(c.id, uin)}>
                    发消息
                  </button>
                  <button type="button" className="link-btn" onClick={() => void refresh(c)}>
                    刷新资料
                  </button>
                  <button type="button" className="link-btn danger-text" onClick={() => setDeleting(c)}>
                    删除记录
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!items.length && !loading ? <p className="empty">{error ?? (q ? '没有匹配的联系人' : '暂无联系人，可点击“同步通讯录”')}</p> : null}
        {loading ? <p className="empty">加载中…</p> : null}
      </div>
      {deleting ? (
        <Confirm
          title="删除聊天记录"
          text={`确定删除与「${displayName(deleting)}」的全部聊天记录吗？此操作不可恢复。`}
          danger
          busy={busy}
          confirmLabel="删除"
          onConfirm={() => void removeHistory()}
          onCancel={() => setDeleting(null)}
        />
      ) : null}
    </section>
  );
}
