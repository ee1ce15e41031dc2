import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, errorText, onUnauthorized } from './api/client';
import { auth } from './api/endpoints';
import type { OperatorView } from './api/types';
import { Toaster } from './components/Toaster';
import { toast } from './components/toast';
import { LoginPage } from './features/login/LoginPage';
import { resetKeywords } from './features/settings/keywords-store';
import { Shell } from './features/shell/Shell';
import { LiveConnection, OPERATOR_DISABLED, eventsUrl } from './live/connection';
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

  /** The session ended elsewhere (a logout on another tab or device, the operator disabled): back to the login page. */
  const ended = useCallback((notice: string) => setSession((s) => (s.state === 'in' ? { state: 'anonymous', notice } : s)), []);

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
      {session.state === 'in' ? <LiveSession operator={session.operator} onLogout={logout} onEnded={ended} /> : null}
      <Toaster />
    </>
  );
}

/** One event stream per logged-in session, closed on logout; the server closing it for good ends the session here too. */
function LiveSession({
  operator,
  onLogout,
  onEnded,
}: {
  operator: OperatorView;
  onLogout: () => Promise<void>;
  onEnded: (notice: string) => void;
}) {
  const connection = useMemo(
    () =>
      new LiveConnection({
        url: eventsUrl(),
        // A stream that cannot open may mean the session ended: a 401 here logs out.
        onDown: () =>
          void auth.me().catch((err: unknown) => {
            if (err instanceof ApiError && err.status === 401) onEnded('登录已失效，请重新登录');
          }),
        onEnded: (code) => onEnded(code === OPERATOR_DISABLED ? '该系统账号已被停用，请联系管理员' : '登录已失效，请重新登录'),
      }),
    [onEnded],
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
