import { useCallback, useEffect, useState } from 'react';

export type Page = 'desk' | 'contacts' | 'settings';

const PAGES: readonly Page[] = ['desk', 'contacts', 'settings'];

export function pageOf(hash: string): Page {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (PAGES as readonly string[]).includes(name) ? (name as Page) : 'desk';
}

/** The page in the URL's hash (#/contacts), so reload and back/forward keep it. */
export function usePage(): [Page, (p: Page) => void] {
  const [page, setPage] = useState<Page>(() => pageOf(window.location.hash));
  useEffect(() => {
    const onHash = () => setPage(pageOf(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const go = useCallback((p: Page) => {
    if (pageOf(window.location.hash) !== p) window.location.hash = `#/${p}`;
    setPage(p);
  }, []);
  return [page, go];
}
