import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../../api/client';
import { inbox } from '../../api/endpoints';
import type { DeskAccount } from '../../api/types';
import { useLive, useLiveEvents } from '../../live/LiveContext';

const UNREAD_REFRESH_MS = 800;

/** The accounts the operator may work, with online state and unread totals kept live. */
export function useAccounts() {
  const [accounts, setAccounts] = useState<DeskAccount[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { reconnects } = useLive();

  const reload = useCallback(async () => {
    try {
      setAccounts(await inbox.accounts());
      setError(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoaded(true);
    }
  }, []);

  useEffect(() => {
    // oxlint-disable-next-line react/set-state-in-effect -- false positive: reload sets state only after its request answers
    void reload();
  }, [reload, reconnects]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  useLiveEvents(
    (e) => {
      if (e.type === 'account.updated') {
        const { account } = e.data;
        setAccounts((list) => {
          const i = list.findIndex((a) => a.id === account.id);
          if (i < 0) return [...list, { ...account, unread: 0 }];
          const out = [...list];
          out[i] = { ...account, unread: list[i]!.unread };
          return out;
        });
        return;
      }
      // Unread totals: read back from the server, at most about once a second.
      if (!timer.current) {
        timer.current = setTimeout(() => {
          timer.current = null;
          void reload();
        }, UNREAD_REFRESH_MS);
      }
    },
    ['account.updated', 'message.new', 'conversation.updated', 'conversation.deleted'],
  );

  return { accounts, error, loaded, reload };
}
