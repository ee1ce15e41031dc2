import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, errorText, onUnauthorized } from './api/client';
import { auth } from './api/endpoints';
import type { OperatorView } from './api/types';
import { Toaster } from './components/Toaster';
import { toast } from './components/toast';
import { LoginPage } from './features/login/LoginPage';
import { resetKeywords } from './features/settings/keywords-store';
import { Shell } from './features/shell/Shell';
import { LiveConnection, eventsUrl } from './live/connection';
import { LiveProvider } from './live/LiveContext';

type Session = { state: 'checking' } | { state: 'anonymous'; notice?: string } | { state: 'in'; operator: OperatorView };

/** Restores the session on reload, shows login or the console, and ends the session on any 401. */
export function App() {
  const [session, setSession] = useState<Session>({ state: 'checking' });

  useEffect(() => {
    let live = true;
    auth
      .me()
      .then((operator) => live && setSession({ state: 'in', operator }))
      .catch((err: unknown) => {
        if (!live) return;
        const expired = err instanceof ApiError && err.status === 401;
        setSession(expired ? { state: 'anonymous' } : { state: 'anonymous', notice: errorText(err) });
      });
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    onUnauthorized(() => setSession((s) => (s.state === 'in' ? { state: 'anonymous', notice: '登录已失效，请重新登录' } : s)));
    return () => onUnauthorized(null);
  }, []);

  const logout = useCallback(async () => {
    try {
      await auth.logout();
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) toast(errorText(err), 'error');
    }
    setSession({ state: 'anonymous' });
  }, []);

  return (
    <>
      {session.state === 'checking' ? <div className="boot">正在加载…</div> : null}
      {session.state === 'anonymous' ? (
        <LoginPage notice={session.notice} onLoggedIn={(operator) => setSession({ state: 'in', operator })} />
      ) : null}
      {session.state === 'in' ? <LiveSession operator={session.operator} onLogout={logout} /> : null}
      <Toaster />
    </>
  );
}

/** One event stream per logged-in session, closed on logout. */
function LiveSession({ operator, onLogout }: { operator: OperatorView; onLogout: () => Promise<void> }) {
  const connection = useMemo(
    () =>
      new LiveConnection({
        url: eventsUrl(),
        // A stream that cannot open may mean the session ended: a 401 here logs out.
        onDown: () => void auth.me().catch(() => undefined),
      }),
    [],
  );
  useEffect(() => {
    connection.start();
    const online = () => connection.retryNow();
    window.addEventListener('online', online);
    document.addEventListener('visibilitychange', online);
    return () => {
      window.removeEventListener('online', online);
      document.removeEventListener('visibilitychange', online);
      connection.stop();
      resetKeywords();
    };
  }, [connection]);
  return (
    <LiveProvider connection={connection}>
      <Shell operator={operator} onLogout={onLogout} />
    </LiveProvider>
  );
}
