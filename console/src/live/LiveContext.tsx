import { createContext, useContext, useEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';
import type { ServerEvent, ServerEventMap, ServerEventType } from '../api/types';
import type { LiveConnection, LiveSnapshot } from './connection';

const LiveContext = createContext<LiveConnection | null>(null);

export function LiveProvider({ connection, children }: { connection: LiveConnection; children: ReactNode }) {
  return <LiveContext.Provider value={connection}>{children}</LiveContext.Provider>;
}

function useConnection(): LiveConnection | null {
  return useContext(LiveContext);
}

const IDLE: LiveSnapshot = { status: 'idle', hello: null, reconnects: 0 };
const noop = () => () => undefined;

/** The stream's state: status, the hello frame, and a counter that grows on every reconnect. */
export function useLive(): LiveSnapshot {
  const c = useConnection();
  return useSyncExternalStore(c?.subscribe ?? noop, c?.getSnapshot ?? (() => IDLE));
}

/** Calls the latest `handler` for every event (or only those of the given types). */
export function useLiveEvents(handler: (event: ServerEvent) => void, types?: readonly ServerEventType[]): void {
  const c = useConnection();
  const ref = useRef(handler);
  // oxlint-disable-next-line react/refs -- latest-handler ref, written in render so an event never reaches a stale handler
  ref.current = handler;
  const key = types?.join(',') ?? '*';
  useEffect(() => {
    if (!c) return undefined;
    const wanted = key === '*' ? null : new Set(key.split(','));
    return c.onEvent((e) => {
      if (!wanted || wanted.has(e.type)) ref.current(e);
    });
  }, [c, key]);
}

/** Calls `handler` with the data of every event of one type. */
export function useLiveEvent<K extends ServerEventType>(type: K, handler: (data: ServerEventMap[K]) => void): void {
  const ref = useRef(handler);
  // oxlint-disable-next-line react/refs -- latest-handler ref, written in render so an event never reaches a stale handler
  ref.current = handler;
  useLiveEvents(
    (e) => {
      if (e.type === type) ref.current(e.data as ServerEventMap[K]);
    },
    [type],
  );
}
