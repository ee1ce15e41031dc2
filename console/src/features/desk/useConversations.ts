import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { errorText } from '../../api/client';
import { CONVERSATION_PAGE, inbox } from '../../api/endpoints';
import { useLive, useLiveEvents } from '../../live/LiveContext';
import { conversationsReducer, type ListFilter } from './conversations-state';

/** The recent conversations for a filter: first page, more pages on demand, live updates. */
export function useConversations(filter: ListFilter) {
  const [state, dispatch] = useReducer(conversationsReducer, { filter, items: [] });
  const [loading, setLoading] = useState(false);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const page = useRef(1);
  const seq = useRef(0);
  const { reconnects } = useLive();
  const { type, uin, q } = filter;

  useEffect(() => {
    dispatch({ type: 'filter', filter: { type, uin, q } });
  }, [type, uin, q]);

  const load = useCallback(
    async (nextPage: number) => {
      const mine = ++seq.current;
      setLoading(true);
      try {
        const items = await inbox.conversations({ type, uin, q, page: nextPage });
        if (mine !== seq.current) return;
        page.current = nextPage;
        dispatch({ type: 'loaded', items, append: nextPage > 1 });
        setHasMore(items.length >= CONVERSATION_PAGE);
        setError(null);
      } catch (err) {
        if (mine === seq.current) setError(errorText(err));
      } finally {
        if (mine === seq.current) setLoading(false);
      }
    },
    [type, uin, q],
  );

  // A search waits for typing to pause; everything else loads at once.
  useEffect(() => {
    const t = setTimeout(() => void load(1), q ? 250 : 0);
    return () => clearTimeout(t);
  }, [load, q, reconnects]);

  useLiveEvents((event) => dispatch({ type: 'event', event }));

  const loadMore = useCallback(() => {
    if (!loading && hasMore) void load(page.current + 1);
  }, [load, loading, hasMore]);

  return { items: state.items, dispatch, loading, hasMore, error, loadMore };
}
