import { useEffect, useReducer } from 'react';
import { CONVERSATION_PAGE, inbox } from '../../api/endpoints';
import { usePagedList } from '../../hooks/usePagedList';
import { useLiveEvents } from '../../live/LiveContext';
import { conversationsReducer, type ListFilter } from './conversations-state';

/** The recent conversations for a filter: first page, more pages on demand, live updates. */
export function useConversations(filter: ListFilter) {
  const [state, dispatch] = useReducer(conversationsReducer, { filter, items: [] });
  const { type, uin, q } = filter;

  useEffect(() => {
    dispatch({ type: 'filter', filter: { type, uin, q } });
  }, [type, uin, q]);

  const { loading, hasMore, error, loadMore } = usePagedList({
    query: { type, uin },
    search: q,
    pageSize: CONVERSATION_PAGE,
    fetchPage: (page) => inbox.conversations({ type, uin, q, page }),
    onPage: (items, append) => dispatch({ type: 'loaded', items, append }),
  });

  useLiveEvents((event) => dispatch({ type: 'event', event }));

  return { items: state.items, dispatch, loading, hasMore, error, loadMore };
}
