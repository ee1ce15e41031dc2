import { useEffect, useRef, type UIEvent } from 'react';
import type { ConversationView } from '../../api/types';
import { SearchIcon } from '../../components/icons';
import { ConversationItem } from './ConversationItem';
import type { ConversationType } from './conversations-state';

export interface ConversationListProps {
  items: ConversationView[];
  type: ConversationType;
  onType: (t: ConversationType) => void;
  query: string;
  onQuery: (q: string) => void;
  openId: number | null;
  onOpen: (c: ConversationView) => void;
  showAccount: boolean;
  loading: boolean;
  hasMore: boolean;
  error: string | null;
  onMore: () => void;
}

/** The middle pane: 单聊/群聊 tabs, search, and the recent conversations. */
export function ConversationList(p: ConversationListProps) {
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (listRef.current) listRef.current.scrollTop = 0;
  }, [p.type, p.query]);

  const onScroll = (e: UIEvent<HTMLUListElement>) => {
    const el = e.currentTarget;
    if (el.scrollTop + el.clientHeight > el.scrollHeight - 120) p.onMore();
  };

  return (
    <section className="pane conversations" aria-label="最近会话">
      <div className="pane-head stacked">
        <div className="search-box">
          <SearchIcon />
          <input
            type="search"
            placeholder="搜索名称、备注、拼音"
            aria-label="搜索会话"
            value={p.query}
            onChange={(e) => p.onQuery(e.target.value)}
          />
        </div>
        <div className="tabs" role="tablist">
          {(['single', 'group'] as const).map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              aria-selected={p.type === t}
              className={p.type === t ? 'tab active' : 'tab'}
              onClick={() => p.onType(t)}
            >
              {t === 'single' ? '单聊' : '群聊'}
            </button>
          ))}
        </div>
      </div>
      <ul className="conv-list" ref={listRef} onScroll={onScroll} aria-busy={p.loading} data-testid="conv-list">
        {p.items.map((c) => (
          <ConversationItem key={c.contact.id} c={c} active={c.contact.id === p.openId} showAccount={p.showAccount} onOpen={p.onOpen} />
        ))}
        {p.items.length === 0 && !p.loading ? <li className="empty">{p.error ?? (p.query ? '没有匹配的会话' : '暂无会话')}</li> : null}
        {p.loading && p.items.length === 0 ? <li className="empty">加载中…</li> : null}
        {p.loading && p.items.length > 0 && p.hasMore ? <li className="list-more">加载更多…</li> : null}
      </ul>
    </section>
  );
}
