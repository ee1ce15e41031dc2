import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../api/client';
import { useLive } from '../live/LiveContext';

/** How long a search waits for typing to pause before it asks the server. */
export const SEARCH_DEBOUNCE_MS = 250;

export interface PagedListOptions<T> {
  /**
   * What the list shows apart from the search text (tab, account, a sync's version…): any
   * change starts again at the first page. Compared by value, so an inline object is fine.
   */
  query?: Readonly<Record<string, string | number | boolean | null>>;
  /** The search text: while it is not empty a load waits for typing to pause. */
  search?: string;
  debounceMs?: number;
  /** A page shorter than this is the last one. */
  pageSize: number;
  /** One page (1-based); `last` is the final item of the page before it, for lists paged by a cursor. */
  fetchPage: (page: number, last: T | undefined) => Promise<T[]>;
  /** Each answer that is still current: the first page replaces the list, later ones append. */
  onPage: (items: T[], append: boolean) => void;
}

export interface PagedList {
  loading: boolean;
  hasMore: boolean;
  /** The latest load's failure, until a load succeeds. */
  error: string | null;
  /** Asks for the next page, unless one is on its way or the last was reached. */
  loadMore: () => void;
}

/**
 * The loading half of a list the server hands out page by page. The caller keeps the items
 * (a state or a reducer, so live events can edit them) and receives pages through `onPage`.
 * The first page is loaded again when the query or search changes and when the live stream
 * reconnects (events were missed while it was down); only the newest request's answer counts.
 */
export function usePagedList<T>(options: PagedListOptions<T>): PagedList {
  const { search = '', debounceMs = SEARCH_DEBOUNCE_MS } = options;
  const [loading, setLoading] = useState(false);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Read when a request starts, so a delayed load asks with what was rendered last.
  const latest = useRef(options);
  // oxlint-disable-next-line react/refs -- latest-value ref, read only when a request starts
  latest.current = options;
  const seq = useRef(0);
  const page = useRef(1);
  const last = useRef<T | undefined>(undefined);
  const { reconnects } = useLive();
  const key = JSON.stringify(options.query ?? null);

  const load = useCallback(async (nextPage: number) => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const items = await latest.current.fetchPage(nextPage, nextPage > 1 ? last.current : undefined);
      if (mine !== seq.current) return;
      page.current = nextPage;
      last.current = items[items.length - 1];
      latest.current.onPage(items, nextPage > 1);
      setHasMore(items.length >= latest.current.pageSize);
      setError(null);
    } catch (err) {
      if (mine === seq.current) setError(errorText(err));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, []);

  // A search waits for typing to pause; everything else loads at once.
  useEffect(() => {
    const t = setTimeout(() => void load(1), search ? debounceMs : 0);
    return () => clearTimeout(t);
  }, [load, key, search, debounceMs, reconnects]);

  const loadMore = useCallback(() => {
    if (!loading && hasMore) void load(page.current + 1);
  }, [load, loading, hasMore]);

  return { loading, hasMore, error, loadMore };
}
