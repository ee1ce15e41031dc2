import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../../api/client';
import { keywords as api } from '../../api/endpoints';
import type { KeywordHitView } from '../../api/types';
import { Highlight } from '../../components/Highlight';
import { fullTime } from '../../components/time';
import { useLive, useLiveEvent } from '../../live/LiveContext';

const PAGE = 50;

/** Keyword hits, newest first, live; each opens the room's chat. */
export function HitsCard({ onOpenChat }: { onOpenChat: (contactId: number, uin: string) => void }) {
  const [hits, setHits] = useState<KeywordHitView[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const { reconnects } = useLive();

  const load = useCallback(async (before?: number) => {
    setLoading(true);
    try {
      const page = await api.hits(before);
      setHits((old) => (before ? [...old, ...page] : page));
      setHasMore(page.length >= PAGE);
      setError(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    // oxlint-disable-next-line react/set-state-in-effect -- intended: the first page loads on mount and after a reconnect, showing that it loads
    void load();
  }, [load, reconnects]);

  useLiveEvent('keyword.hit', ({ hit }) => setHits((old) => (old.some((h) => h.id === hit.id) ? old : [hit, ...old])));

  return (
    <section className="card fill" aria-label="命中记录">
      <h3>命中记录</h3>
      {error ? <div className="form-error">{error}</div> : null}
      <div className="table-scroll">
        <table className="table hits">
          <thead>
            <tr>
              <th className="time-col">时间</th>
              <th>敏感词</th>
              <th>群聊</th>
              <th>内容</th>
            </tr>
          </thead>
          <tbody>
            {hits.map((h) => (
              <tr
                key={h.id}
                className="clickable"
                onClick={() => onOpenChat(h.room.contactId, h.uin)}
                title="打开该群聊天"
                data-hit-id={h.id}
              >
                <td className="muted time-col">{fullTime(h.time)}</td>
                <td>
                  <span className="tag danger">{h.keyword}</span>
                </td>
                <td className="ellipsis">{h.room.nickName || h.room.userName}</td>
                <td className="hit-content">
                  <Highlight text={h.content} keywords={[h.keyword]} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!hits.length && !loading ? <p className="empty">暂无命中记录</p> : null}
        {hasMore ? (
          <button type="button" className="link-btn" disabled={loading} onClick={() => void load(hits[hits.length - 1]?.id)}>
            {loading ? '加载中…' : '加载更多'}
          </button>
        ) : null}
      </div>
    </section>
  );
}
